# sam build targets for forecast-workflow (see the root Makefile)
build-ForecastConsolidatorFunction:
	$(call java_function,forecast-workflow)
