package dev.visage.common.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The parts of a Kafka record that {@link RequestCodec} and {@link ReplyCodec} write and read, independent of the
 * client that sends it (a plain producer in face-api, a Reactive Messaging channel in the worker).
 */
public record WireRecord(String key, Headers headers, byte[] value) {

    public ProducerRecord<String, byte[]> toProducerRecord(String topic) {
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
