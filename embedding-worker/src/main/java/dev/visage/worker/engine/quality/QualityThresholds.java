package dev.visage.worker.engine.quality;

/**
 * Where a measurement lowers a face's fitness for recognition: below {@code ...Medium} it is at most medium, below
 * {@code ...Low} low; pose limits are in degrees, above them. Calibrated on the deepface photos and on degraded
 * copies of them (README, "Face quality"; {@code FaceQualityCalibrationTest} prints the measurements).
 */
public record QualityThresholds(
        double interEyeLow, double interEyeMedium,
        double sharpnessLow, double sharpnessMedium,
        double brightnessLow, double brightnessMedium,
        double contrastLow,
        double yawLow, double yawMedium,
        double pitchLow, double pitchMedium,
        double rollLow, double rollMedium,
        double scoreMedium) {

    public static final QualityThresholds DEFAULTS = new QualityThresholds(
            24, 40,
            25, 60,
            40, 60,
            12,
            50, 30,
            40, 25,
            35, 20,
            0.75);
}
