# sam build target for the secrets-env layer (see the root Makefile). Layer contents are mounted at /opt:
#   /opt/java/lib/*.jar          module jar + SDK jars (also on the function's classpath: the in-process API)
#   /opt/secrets-env/lib/*.jar   fetcher-only jars (the SLF4J binding), kept OFF the function's classpath
#   /opt/secrets-env-wrapper     the AWS_LAMBDA_EXEC_WRAPPER script
# No CDS archive is shipped: one is only valid for the exact JVM build that created it, and the java21 runtime's
# JVM is AWS's, patched without notice (README, "Cold start").
build-SecretsEnvLayer:
	$(call java_layer,secrets-env-layer)
	mkdir -p "$(ARTIFACTS_DIR)/secrets-env/lib"
	cp "$(ROOT)/secrets-env-layer/target/fetcher-lib/"*.jar "$(ARTIFACTS_DIR)/secrets-env/lib/"
	cp "$(ROOT)/secrets-env-layer/src/main/layer/secrets-env-wrapper" "$(ARTIFACTS_DIR)/secrets-env-wrapper"
	chmod 755 "$(ARTIFACTS_DIR)/secrets-env-wrapper"
