package com.example.serverless.edgemappings.table;

/** DynamoDB refused to write the mappings; the message is the reason CloudFormation shows. */
public class MappingWriteException extends RuntimeException {

    public MappingWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
