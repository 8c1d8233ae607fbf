package com.example.serverless.batch.enrich;

import java.util.Collection;
import java.util.Map;

/** Finds reference rows for many uuids at once; a uuid with no reference row is simply absent from the map. */
@FunctionalInterface
public interface ReferenceLookup {

    Map<String, ReferenceRecord> find(Collection<String> uuids);
}
