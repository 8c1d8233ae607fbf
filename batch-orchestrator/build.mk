# sam build targets for batch-orchestrator (see the root Makefile): one function per handler, one module
build-BatchTriggerFunction:
	$(call java_function,batch-orchestrator)
build-BatchSplitFunction:
	$(call java_function,batch-orchestrator)
build-BatchChunkFunction:
	$(call java_function,batch-orchestrator)
build-BatchMergeFunction:
	$(call java_function,batch-orchestrator)
build-BatchArchiveFunction:
	$(call java_function,batch-orchestrator)
build-BatchNotifyFunction:
	$(call java_function,batch-orchestrator)
build-BatchFailureFunction:
	$(call java_function,batch-orchestrator)
