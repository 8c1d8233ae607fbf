# sam build targets for s3-diff-checker (see the root Makefile)
build-DiffCheckerFunction:
	$(call java_function,s3-diff-checker)
