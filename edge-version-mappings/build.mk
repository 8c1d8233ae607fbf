# sam build targets for edge-version-mappings (see the root Makefile)
build-EdgeVersionMappingsFunction:
	$(call java_function,edge-version-mappings)
