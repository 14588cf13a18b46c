package dev.visage.api.service;

import dev.visage.common.image.ImageHeader;

/** An uploaded photo that passed validation: its name in the request, its bytes and what its header says. */
public record Photo(String name, byte[] bytes, ImageHeader header) {
}
