package dev.visage.worker.engine.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void aLandscapePhotoFillsTheWidthAndIsPaddedBelow() {
        Letterbox box = Letterbox.fit(1280, 720, 640);
        assertEquals(0.5, box.scale(), 1e-9);
        assertEquals(640, box.width());
        assertEquals(360, box.height());
        assertEquals(0, box.left());
        assertEquals(0, box.top());
        assertEquals(0, box.right());
        assertEquals(280, box.bottom());
    }

    @Test
    void aPortraitPhotoFillsTheHeightAndIsPaddedRight() {
        Letterbox box = Letterbox.fit(1000, 2000, 640);
        assertEquals(0.32, box.scale(), 1e-9);
        assertEquals(320, box.width());
        assertEquals(640, box.height());
        assertEquals(320, box.right());
        assertEquals(0, box.bottom());
    }

    @Test
    void aSmallPhotoIsEnlargedToFit() {
        Letterbox box = Letterbox.fit(320, 160, 640);
        assertEquals(2.0, box.scale(), 1e-9);
        assertEquals(640, box.width());
        assertEquals(320, box.height());
    }

    @Test
    void thePhotoInTheMiddleTakesHalfTheSquareAndIsCentred() {
        Letterbox box = Letterbox.middle(400, 200, 640);
        assertEquals(0.8, box.scale(), 1e-9);
        assertEquals(320, box.width());
        assertEquals(160, box.height());
        assertEquals(160, box.left());
        assertEquals(240, box.top());
        assertEquals(160, box.right());
        assertEquals(240, box.bottom());
    }

    @Test
    void facesFoundInTheSquareMapBackToPhotoPixels() {
        Letterbox box = Letterbox.fit(1280, 720, 640);
        DetectedFace inSquare = new DetectedFace(100, 50, 40, 60, new float[] {110, 70, 130, 70, 120, 80, 112, 95,
            128, 95}, 0.9f);
        DetectedFace inPhoto = box.toPhoto(inSquare);
        assertEquals(200, inPhoto.x(), 1e-4);
        assertEquals(100, inPhoto.y(), 1e-4);
        assertEquals(80, inPhoto.width(), 1e-4);
        assertEquals(120, inPhoto.height(), 1e-4);
        assertArrayEquals(new float[] {220, 140, 260, 140, 240, 160, 224, 190, 256, 190}, inPhoto.landmarks(), 1e-4f);
        assertEquals(0.9f, inPhoto.score());
    }

    @Test
    void facesFoundAroundThePhotoInTheMiddleMapBackThroughItsOffset() {
        Letterbox box = Letterbox.middle(400, 200, 640);
        DetectedFace inSquare = new DetectedFace(160, 240, 80, 40, new float[] {160, 240, 0, 0, 0, 0, 0, 0, 0, 0}, 1);
        DetectedFace inPhoto = box.toPhoto(inSquare);
        assertEquals(0, inPhoto.x(), 1e-4);
        assertEquals(0, inPhoto.y(), 1e-4);
        assertEquals(100, inPhoto.width(), 1e-4);
        assertEquals(50, inPhoto.height(), 1e-4);
        assertEquals(-200, inPhoto.landmarks()[2], 1e-4);
        assertEquals(-300, inPhoto.landmarks()[3], 1e-4);
    }

    @Test
    void aTightCropKeepsItsOwnSizeAndIsPaddedToTheNextMultipleOf32() {
        Letterbox box = Letterbox.own(150, 150, 640, 32);
        assertEquals(1.0, box.scale(), 1e-9);
        assertEquals(150, box.width());
        assertEquals(160, box.inputWidth());
        assertEquals(160, box.inputHeight());
        assertEquals(10, box.right());
        assertEquals(10, box.bottom());
    }

    @Test
    void aLargePhotoIsShrunkUntilItsLongSideIs640AndOnlyItsShortSideIsPadded() {
        Letterbox box = Letterbox.own(4000, 3000, 640, 32);
        assertEquals(0.16, box.scale(), 1e-9);
        assertEquals(640, box.inputWidth());
        assertEquals(480, box.inputHeight());
        assertEquals(0, box.right());
        assertEquals(0, box.bottom());
    }

    @Test
    void aCropInTheMiddleSitsCentredOnACanvasTwiceItsSize() {
        Letterbox box = Letterbox.ownMiddle(150, 100, 640, 32);
        assertEquals(1.0, box.scale(), 1e-9);
        assertEquals(320, box.inputWidth());
        assertEquals(224, box.inputHeight());
        assertEquals(85, box.left());
        assertEquals(62, box.top());
        assertEquals(85, box.right());
        assertEquals(62, box.bottom());
        Letterbox large = Letterbox.ownMiddle(1280, 960, 640, 32);
        assertEquals(0.25, large.scale(), 1e-9);
        assertEquals(640, large.inputWidth());
        assertEquals(480, large.inputHeight());
    }
}
