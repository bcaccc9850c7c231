import CFFTW
import CLibUSB
import Testing

/// The Debian libraries the package links are present, link, and work as the code expects.
@Suite struct SystemLibraryTests {
    @Test func libusbInitialisesAndEnumerates() throws {
        var context: OpaquePointer?
        #expect(libusb_init(&context) == 0)
        defer { libusb_exit(context) }
        #expect(breath_libusb_set_log_level(context, Int32(LIBUSB_LOG_LEVEL_NONE.rawValue)) == 0)
        var list: UnsafeMutablePointer<OpaquePointer?>?
        // Containers may have no USB bus at all: any count, but never an error code.
        let count = libusb_get_device_list(context, &list)
        #expect(count >= 0)
        libusb_free_device_list(list, 1)
        let version = libusb_get_version().pointee
        #expect(version.major == 1 && version.minor == 0 && version.micro >= 26)
    }

    @Test func fftwForwardThenInverseRestoresTheSignal() throws {
        let count = 64
        let input = fftw_alloc_real(count)!
        let spectrum = fftw_alloc_complex(count / 2 + 1)!
        let output = fftw_alloc_real(count)!
        defer { fftw_free(input); fftw_free(spectrum); fftw_free(output) }
        let forward = fftw_plan_dft_r2c_1d(Int32(count), input, spectrum, UInt32(FFTW_ESTIMATE))
        let inverse = fftw_plan_dft_c2r_1d(Int32(count), spectrum, output, UInt32(FFTW_ESTIMATE))
        defer { fftw_destroy_plan(forward); fftw_destroy_plan(inverse) }
        for index in 0..<count { input[index] = Double(index % 7) - 3 }
        fftw_execute(forward)
        // Bin 0 is the sum of the signal.
        let sum = (0..<count).reduce(0.0) { $0 + input[$1] }
        #expect(abs(spectrum[0].0 - sum) < 1e-9)
        fftw_execute(inverse)
        for index in 0..<count {
            #expect(abs(output[index] / Double(count) - input[index]) < 1e-12)
        }
    }
}
