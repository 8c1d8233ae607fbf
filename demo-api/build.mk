# sam build targets for demo-api (see the root Makefile)
build-HelloFunction:
	$(call java_function,demo-api)
