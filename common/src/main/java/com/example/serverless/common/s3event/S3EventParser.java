package com.example.serverless.common.s3event;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's one reader of S3 event notifications ({@code ObjectCreated:*}), for handlers. Every record is
 * checked before any is returned, so a handler never processes half an event: one malformed record fails the
 * whole event with {@link MalformedS3EventException}, naming each bad record's index and field. Records of other
 * event types are not checked, only listed in {@link Parsed#ignored()} for the handler to log.
 *
 * <p>Keys arrive form-URL-encoded, as S3 writes them into notifications: {@code +} is a space, {@code %2B} a
 * plus, {@code %XX} escapes are UTF-8 bytes. The decoding here is strict: a truncated escape or bytes that are not
 * UTF-8 are a malformed record (the JDK's {@code URLDecoder} would put U+FFFD in the key, and the handler would
 * then look for an object that does not exist).
 *
 * <p>A record without {@code size} reads as size 0: the Lambda runtime's serializer fills the missing number in
 * before any code sees the event, so only a negative size can be caught here.
 *
 * <pre>{@code
 * private static final S3EventParser EVENTS = S3EventParser.objectCreated().requireVersionId();
 * for (S3ObjectEvent object : EVENTS.parse(event).records()) { ... }
 * }</pre>
 */
public final class S3EventParser {

    private static final String OBJECT_CREATED = "ObjectCreated:";

    private final boolean versionIdRequired;

    private S3EventParser(boolean versionIdRequired) {
        this.versionIdRequired = versionIdRequired;
    }

    /** Reads {@code ObjectCreated:*} records; a record without {@code versionId} is accepted (unversioned bucket). */
    public static S3EventParser objectCreated() {
        return new S3EventParser(false);
    }

    /** The same, but a record without {@code versionId} is malformed: for handlers that need the exact version. */
    public S3EventParser requireVersionId() {
        return new S3EventParser(true);
    }

    /** The records to process, in event order, and descriptions of those of other event types. */
    public record Parsed(List<S3ObjectEvent> records, List<String> ignored) {}

    /** @throws MalformedS3EventException when the event has no records or any record is malformed */
    public Parsed parse(S3Event event) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            throw new MalformedS3EventException(List.of("the event has no Records: not an S3 object notification"));
        }
        List<S3ObjectEvent> records = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<S3EventNotificationRecord> all = event.getRecords();
        for (int index = 0; index < all.size(); index++) {
            S3EventNotificationRecord record = all.get(index);
            String where = "record " + index;
            if (record == null) {
                problems.add(where + " is null");
                continue;
            }
            String eventName = record.getEventName();
            if (isBlank(eventName)) {
                problems.add(where + ": eventName is missing");
                continue;
            }
            if (!eventName.startsWith(OBJECT_CREATED)) {
                ignored.add(where + " (" + eventName + ")");
                continue;
            }
            S3ObjectEvent parsed = parse(index, eventName, record, problems);
            if (parsed != null) {
                records.add(parsed);
            }
        }
        if (!problems.isEmpty()) {
            throw new MalformedS3EventException(problems);
        }
        return new Parsed(List.copyOf(records), List.copyOf(ignored));
    }

    /** The record, or null after adding its problems (all of them, not just the first). */
    private S3ObjectEvent parse(int index, String eventName, S3EventNotificationRecord record, List<String> problems) {
        int before = problems.size();
        String where = "record " + index;
        if (record.getS3() == null) {
            problems.add(where + ": s3 is missing");
            return null;
        }
        String bucket = record.getS3().getBucket() == null
                ? null
                : record.getS3().getBucket().getName();
        if (isBlank(bucket)) {
            problems.add(where + ": s3.bucket.name is missing");
        }
        S3ObjectEntity object = record.getS3().getObject();
        if (object == null) {
            problems.add(where + ": s3.object is missing");
            return null;
        }
        String key = null;
        if (object.getKey() == null || object.getKey().isEmpty()) {
            problems.add(where + ": s3.object.key is missing");
        } else {
            try {
                key = decodeKey(object.getKey());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": s3.object.key '" + object.getKey() + "' " + e.getMessage());
            }
        }
        String named = key == null ? where : where + " (key '" + key + "')";
        String versionId = object.getVersionId();
        if (isBlank(versionId)) {
            versionId = null;
            if (versionIdRequired) {
                problems.add(named + ": s3.object.versionId is missing: the bucket must be versioned (versioning"
                        + " enabled, not suspended)");
            }
        }
        Long size = object.getSizeAsLong();
        if (size == null || size < 0) {
            problems.add(named + ": s3.object.size is " + (size == null ? "missing" : "negative (" + size + ")"));
        }
        if (isBlank(object.geteTag())) {
            problems.add(named + ": s3.object.eTag is missing");
        }
        if (problems.size() > before) {
            return null;
        }
        // the sequencer is read, not required: no caller needs it, and emulators (moto's queue notifications) omit it
        String sequencer = isBlank(object.getSequencer()) ? null : object.getSequencer();
        return new S3ObjectEvent(index, eventName, bucket, key, versionId, size, object.geteTag(), sequencer);
    }

    /**
     * Decodes a key as S3 encodes it in notifications (application/x-www-form-urlencoded, UTF-8).
     *
     * @throws IllegalArgumentException naming the problem: a bad {@code %} escape, or bytes that are not UTF-8
     */
    public static String decodeKey(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); ) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("has a bad % escape at character " + i
                            + " (S3 encodes keys in notifications as %XX, XX two hex digits)");
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int codePoint = c == '+' ? ' ' : encoded.codePointAt(i);
                if (Character.isSurrogate((char) codePoint) && codePoint == c) {
                    throw new IllegalArgumentException("has an unpaired surrogate at character " + i);
                }
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("does not decode to UTF-8 text (S3 keys are UTF-8)", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
