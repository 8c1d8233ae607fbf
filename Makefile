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
endef

# $(1): module folder. Stages the module's jar and its runtime jars as a Java layer.
define java_layer
	"$(ROOT)/scripts/lib/java.sh" require
	rm -rf "$(ROOT)/$(1)/target/lambda-lib"
	"$(MVNW)" $(MAVEN_BUILD_FLAGS) -f "$(ROOT)/pom.xml" -pl $(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/java/lib"
	cp "$(ROOT)/$(1)/target/$(1)-"*.jar "$(ARTIFACTS_DIR)/java/lib/"
	cp "$(ROOT)/$(1)/target/lambda-lib/"*.jar "$(ARTIFACTS_DIR)/java/lib/"
endef

include $(sort $(wildcard $(ROOT)/*/build.mk))

.PHONY: test
test:
	"$(ROOT)/scripts/test.sh"
