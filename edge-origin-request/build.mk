# sam build target for the Lambda@Edge function (see the root Makefile). The artifact is src/*.mjs only: the
# nodejs22.x runtime provides the AWS SDK v3, so no node_modules (tests, devDependencies) go to the edge.
build-EdgeOriginRequestFunction:
	mkdir -p "$(ARTIFACTS_DIR)"
	cp "$(ROOT)/edge-origin-request/src/"*.mjs "$(ARTIFACTS_DIR)/"
