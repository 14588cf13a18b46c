package dev.visage.worker.engine.embed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Rewrites fr_feature.onnx so that its batch dimension is dynamic: the input and output's first dimension becomes
 * the symbol "batch" and the final Reshape's target shape [1, -1] becomes [-1, 512]. Lets the tests check that
 * the engine embeds a whole list in one run when a model allows it, and that the result matches single runs.
 *
 * <p>Works on the protobuf wire format directly (ModelProto field 7 graph; GraphProto 1 node, 5 initializer,
 * 11 input, 12 output; ValueInfoProto 2 type; TypeProto 1 tensor_type; Tensor 2 shape; TensorShapeProto 1 dim;
 * Dimension 1 dim_value, 2 dim_param; TensorProto 8 name, 9 raw_data; NodeProto 1 input, 4 op_type).
 */
final class DynamicBatchModel {

    private static final int LENGTH_DELIMITED = 2;

    private DynamicBatchModel() {
    }

    static byte[] rewrite(byte[] model) {
        return rewriteFields(model, (field, value) -> field == 7 ? graph(value) : value);
    }

    private static byte[] graph(byte[] graph) {
        String reshapeShape = reshapeShapeInput(graph);
        return rewriteFields(graph, (field, value) -> switch (field) {
            case 5 -> name(value).equals(reshapeShape) ? flexibleBatchShape(value) : value;
            case 11, 12 -> rewriteFields(value, (f, type) -> f != 2 ? type
                    : rewriteFields(type, (g, tensor) -> g != 1 ? tensor
                    : rewriteFields(tensor, (h, shape) -> h != 2 ? shape : symbolicFirstDim(shape))));
            default -> value;
        });
    }

    private static String reshapeShapeInput(byte[] graph) {
        String[] found = new String[1];
        rewriteFields(graph, (field, value) -> {
            if (field == 1) {
                String[] inputs = new String[2];
                String[] op = new String[1];
                int[] count = {0};
                rewriteFields(value, (f, v) -> {
                    if (f == 1 && count[0] < 2) {
                        inputs[count[0]++] = new String(v, StandardCharsets.UTF_8);
                    } else if (f == 4) {
                        op[0] = new String(v, StandardCharsets.UTF_8);
                    }
                    return v;
                });
                if ("Reshape".equals(op[0])) {
                    found[0] = inputs[1];
                }
            }
            return value;
        });
        if (found[0] == null) {
            throw new IllegalStateException("the model has no Reshape to rewrite");
        }
        return found[0];
    }

    private static String name(byte[] tensor) {
        String[] name = {""};
        rewriteFields(tensor, (field, value) -> {
            if (field == 8) {
                name[0] = new String(value, StandardCharsets.UTF_8);
            }
            return value;
        });
        return name[0];
    }

    private static byte[] flexibleBatchShape(byte[] tensor) {
        return rewriteFields(tensor, (field, value) -> {
            if (field != 9) {
                return value;
            }
            long[] expected = {1, -1};
            long[] actual = new long[2];
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(actual);
            if (!Arrays.equals(expected, actual)) {
                throw new IllegalStateException("unexpected Reshape target " + Arrays.toString(actual));
            }
            return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(512).array();
        });
    }

    private static byte[] symbolicFirstDim(byte[] shape) {
        boolean[] first = {true};
        return rewriteFields(shape, (field, value) -> {
            if (field != 1 || !first[0]) {
                return value;
            }
            first[0] = false;
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            writeLengthDelimited(dim, 2, "batch".getBytes(StandardCharsets.UTF_8));
            return dim.toByteArray();
        });
    }

    /** The message with each length-delimited field's bytes replaced by {@code rewrite(field, bytes)}. */
    private static byte[] rewriteFields(byte[] message, BiFunction<Integer, byte[], byte[]> rewrite) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int[] pos = {0};
        while (pos[0] < message.length) {
            int start = pos[0];
            long key = readVarint(message, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> readVarint(message, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case LENGTH_DELIMITED -> {
                    int length = (int) readVarint(message, pos);
                    byte[] value = Arrays.copyOfRange(message, pos[0], pos[0] + length);
                    pos[0] += length;
                    writeLengthDelimited(out, field, rewrite.apply(field, value));
                    continue;
                }
                default -> throw new IllegalStateException("unsupported wire type " + wire);
            }
            out.write(message, start, pos[0] - start);
        }
        return out.toByteArray();
    }

    private static long readVarint(byte[] bytes, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = bytes[pos[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static void writeLengthDelimited(ByteArrayOutputStream out, int field, byte[] value) {
        writeVarint(out, ((long) field << 3) | LENGTH_DELIMITED);
        writeVarint(out, value.length);
        out.writeBytes(value);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
