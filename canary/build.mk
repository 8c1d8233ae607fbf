# sam build targets for canary (see the root Makefile)
build-CanaryFunction:
	$(call java_function,canary)
