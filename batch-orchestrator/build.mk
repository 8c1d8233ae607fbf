# sam build targets for batch-orchestrator (see the root Makefile): one function per handler, one module.
# Each step's artifact leaves out the jars only other steps load, so a step ships (and its cold start opens) only
# the SDK clients it calls. Which jar belongs to which client (`./mvnw dependency:tree -pl batch-orchestrator`):
#   S3: s3, arns, crt-core, aws-xml-protocol, aws-query-protocol (also SNS's)
#   DynamoDB: dynamodb, aws-json-protocol (also Step Functions')   Step Functions: sfn   SNS: sns
#   CSV (split, chunk, merge): fastcsv
#   event classes: aws-lambda-java-events and joda-time (the runtime's event serializer loads Joda-Time for any
#   event class); only the trigger takes a typed event, the other steps are stream handlers
# A step that loads a dropped jar fails its sample event in tools/local_invoke/tests (scripts/test.sh).
BATCH_STREAM_STEP_DROPS := sfn aws-lambda-java-events joda-time

build-BatchTriggerFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,s3 arns crt-core aws-xml-protocol aws-query-protocol dynamodb sns fastcsv)
build-BatchSplitFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) dynamodb sns aws-json-protocol)
build-BatchChunkFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) sns)
build-BatchMergeFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) sns)
build-BatchArchiveFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) dynamodb sns aws-json-protocol fastcsv)
build-BatchNotifyFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) dynamodb aws-json-protocol fastcsv)
build-BatchFailureFunction:
	$(call java_function,batch-orchestrator)
	$(call drop_jars,$(BATCH_STREAM_STEP_DROPS) fastcsv)
