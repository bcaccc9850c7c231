import BreathSignal
import Foundation
import Testing

@Suite struct EMGPeakTests {
    @Test func gaussianApexHeightAndWidthAreAnalytic() {
        let peak = EMGPeak(center: 42.5, sigma: 1.3, tau: 0, area: 10)
        #expect(abs(peak.apexTime - 42.5) < 1e-9)
        #expect(abs(peak.height - 10 / (1.3 * (2 * Double.pi).squareRoot())) < 1e-12)
        #expect(abs(peak.fwhm - 2 * (2 * log(2.0)).squareRoot() * 1.3) < 1e-9)
        #expect(abs(peak.fwhm / 1.3 - 2.3548) < 1e-4)
    }

    @Test(arguments: [
        (5.0, 1.0, 3.0, 1.7989736724763262e-7), (16, 1, 3, 0.095377787808578008),
        (9, 1, 0.4, 0.32250798095346359), (13.4, 1, 0.4, 0.018892756254842288),
        (43, 1, 30, 0.022203737563761354), (10, 0.001, 1, 0.99920261517336056),
        (8, 0.5, 0.05, 0.00038045032034121118),
    ])
    func matchesHighPrecisionReference(time: Double, sigma: Double, tau: Double, expected: Double) {
        // References: the textbook EMG formula evaluated with 50-digit arithmetic, centre 10, area 2.
        let value = EMGPeak(center: 10, sigma: sigma, tau: tau, area: 2).value(at: time)
        #expect(abs(value - expected) <= 1e-12 * expected)
    }

    @Test(arguments: [0.05, 0.4, 1, 7])
    func erfcVanishesAtTheClosedFormPoint(ratio: Double) {
        // At t = μ + σ²/τ the erfc argument is 0, so f = A/(2τ)·exp(−σ²/(2τ²)) exactly.
        let sigma = 1.5
        let tau = ratio * sigma
        let peak = EMGPeak(center: 3, sigma: sigma, tau: tau, area: 4)
        let expected = 4 / (2 * tau) * exp(-sigma * sigma / (2 * tau * tau))
        #expect(abs(peak.value(at: 3 + sigma * sigma / tau) - expected) <= 1e-13 * expected)
    }

    @Test func finiteForExtremeTailRatios() {
        for ratio in [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100, 1e3] {
            let peak = EMGPeak(center: 100, sigma: 1, tau: ratio, area: 1)
            for offset in [-1e6, -1e3, -40, -8, -1, 0, 0.5, 1, 3, 8, 40, 1e3, 1e5, 1e7] {
                let value = peak.value(at: 100 + offset)
                #expect(value.isFinite && value >= 0, "tau/sigma \(ratio), t − centre \(offset)")
            }
            #expect(peak.height.isFinite && peak.height > 0)
            #expect(peak.apexTime >= 100 && peak.apexTime <= 100 + ratio)
            #expect(peak.fwhm.isFinite && peak.fwhm > 0)
        }
    }

    @Test(arguments: [1e-6, 0.01, 0.4, 2, 50, 1e3])
    func apexIsTheMaximumAndHeightIsTheValueThere(ratio: Double) {
        let peak = EMGPeak(center: 20, sigma: 0.8, tau: 0.8 * ratio, area: 3)
        let apex = peak.apexTime
        let top = peak.value(at: apex)
        #expect(abs(top - peak.height) <= 1e-12 * peak.height)
        // The apex is within 1e-6 s: the curve is lower a microsecond to either side.
        #expect(peak.value(at: apex - 1e-6) <= top)
        #expect(peak.value(at: apex + 1e-6) <= top)
    }

    @Test(arguments: [
        (0.4, 10.35751665519999, 0.74848775696424588, 2.4985621730607672),
        (1, 10.697369159288427, 0.62565684769102302, 2.8908903874172556),
        (3, 11.215383841776619, 0.3812231826706322, 4.3002900933525727),
        (30, 12.267202891722121, 0.061060150385720354, 23.522268153056625),
    ])
    func tailedApexHeightAndWidthMatchReference(tau: Double, apex: Double, height: Double, fwhm: Double) {
        // References: root finding on the 50-digit EMG (centre 10, sigma 1, area 2).
        let peak = EMGPeak(center: 10, sigma: 1, tau: tau, area: 2)
        #expect(abs(peak.apexTime - apex) < 1e-9)
        #expect(abs(peak.height - height) < 1e-12)
        #expect(abs(peak.fwhm - fwhm) < 1e-9)
    }

    @Test func tinyTailApproachesTheGaussian() {
        let gaussian = EMGPeak(center: 0, sigma: 1, tau: 0, area: 1)
        let tailed = EMGPeak(center: 0, sigma: 1, tau: 1e-6, area: 1)
        for t in stride(from: -6.0, through: 6, by: 0.5) {
            #expect(abs(tailed.value(at: t) - gaussian.value(at: t)) < 1e-5 * gaussian.height)
        }
        #expect(abs(tailed.apexTime - 1e-6) < 1e-9)
    }
}
