# sam build target for the function that demonstrates the secrets-env layer (see the root Makefile)
build-SecretsEnvExampleFunction:
	$(call java_function,secrets-env-example)
