# Build targets for `sam build` (Metadata: BuildMethod: makefile, CodeUri: .).
#
# SAM's own Maven workflow copies one function folder to a temp dir and builds it alone, which fails for modules
# with a parent POM or sibling dependencies. Instead every Java function and layer runs the root reactor for its
# module (-pl <module> -am) and copies what the java21 runtime puts on its classpath:
#   functions: classes -> $(ARTIFACTS_DIR)/, runtime jars -> $(ARTIFACTS_DIR)/lib/
#   layers:    jars    -> $(ARTIFACTS_DIR)/java/lib/   (the runtime adds /opt/java/lib/*.jar)
# Each module declares its own build-<LogicalId> targets in <module>/build.mk.
# samconfig.toml sets build_in_source, so this runs in the repository itself (no copy of .venv or node_modules).

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
MVNW := $(ROOT)/mvnw
MAVEN_BUILD_FLAGS ?= -B -q -DskipTests -Denforcer.skip=false

# $(1): module folder. Builds the module and everything it depends on, then stages a function artifact.
define java_function
	"$(ROOT)/scripts/lib/java.sh" require
	rm -rf "$(ROOT)/$(1)/target/lambda-lib"
	"$(MVNW)" $(MAVEN_BUILD_FLAGS) -f "$(ROOT)/pom.xml" -pl $(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp -R "$(ROOT)/$(1)/target/classes/." "$(ARTIFACTS_DIR)/"
	cp "$(ROOT)/$(1)/target/lambda-lib/"*.jar "$(ARTIFACTS_DIR)/lib/"
	$(call no_sources_or_tests)
endef

# Use after java_function. $(1): artifactIds of staged jars this function never loads (e.g. another batch step's
# SDK client). Each must match exactly one lib/<artifactId>-<version>.jar, so a renamed or vanished jar fails the
# build instead of silently staying in.
define drop_jars
	for jar in $(1); do \
	  set -- "$(ARTIFACTS_DIR)/lib/$$jar"-[0-9]*.jar; \
	  if [ "$$#" -ne 1 ] || [ ! -f "$$1" ]; then echo "drop_jars: no single lib/$$jar-<version>.jar to drop" >&2; exit 1; fi; \
	  rm "$$1"; \
	done
endef

# An artifact holds compiled classes and runtime jars only: never sources, test classes or test jars.
define no_sources_or_tests
	if find "$(ARTIFACTS_DIR)" \( -name '*.java' -o -name '*-sources.jar' -o -name '*-tests.jar' \
	     -o -name '*-test-sources.jar' -o -path '*/test-classes/*' \) | grep .; then \
	  echo "error: sources or test files in $(ARTIFACTS_DIR) (listed above)" >&2; exit 1; fi
endef

# $(1): module folder. Stages the module's jar and its runtime jars as a Java layer.
define java_layer
	"$(ROOT)/scripts/lib/java.sh" require
	rm -rf "$(ROOT)/$(1)/target/lambda-lib"
	"$(MVNW)" $(MAVEN_BUILD_FLAGS) -f "$(ROOT)/pom.xml" -pl $(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/java/lib"
	cp "$(ROOT)/$(1)/target/$(1)-"*.jar "$(ARTIFACTS_DIR)/java/lib/"
	cp "$(ROOT)/$(1)/target/lambda-lib/"*.jar "$(ARTIFACTS_DIR)/java/lib/"
	$(call no_sources_or_tests)
endef

include $(sort $(wildcard $(ROOT)/*/build.mk))

.PHONY: test
test:
	"$(ROOT)/scripts/test.sh"
