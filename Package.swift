// swift-tools-version: 6.0
// Host software for the breath-analysis micro gas chromatograph.
//
// Targets are layered so that dependencies point one way: pure cores (wire protocol,
// signal) at the bottom, I/O (device link, capture files, store) above them, the
// service pipeline above that, and two thin executables on top.
import PackageDescription

let package = Package(
    name: "breath",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "breathd", targets: ["breathd"]),
        .executable(name: "breathctl", targets: ["breathctl"]),
        .executable(name: "breath-usb", targets: ["breath-usb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CNetCDF", pkgConfig: "netcdf",
            providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(
            name: "CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        // MARK: Pure cores
        .target(name: "BreathWire"),
        .target(name: "BreathSignal", dependencies: ["CFFTW"]),
        .target(name: "ChromatogramImport", dependencies: ["BreathSignal", "CNetCDF"]),
        // Results as documents for other systems: FHIR R4, CSV, SVG plots, terminal previews.
        .target(name: "BreathExport", dependencies: ["BreathStore", "BreathSignal"]),
        // Identification, features, QC and calibrated risk; SHA-256 of model files from libcrypto.
        .target(name: "BreathScreening", dependencies: ["BreathSignal", "CLibCrypto"]),
        // Synthetic screening cohorts (not patient data) with their oracle scores.
        .target(name: "BreathCohort", dependencies: ["BreathSignal", "BreathScreening"]),
        // Labelled sets, cross-validated training and evaluation of screening models.
        .target(name: "BreathModeling", dependencies: ["BreathScreening", "BreathSignal", "ChromatogramImport"]),

        // MARK: Device side and I/O
        .target(name: "BreathEmulator", dependencies: ["BreathWire", "BreathSignal"]),
        .target(name: "BreathCapture", dependencies: ["BreathWire"]),
        // The libusb link: asynchronous transfers on a dedicated event thread, hotplug, reconnect.
        .target(name: "BreathUSB", dependencies: ["CLibUSB", "BreathDevice", "BreathWire"]),
        // A recorded run playing back as a device, through the same session code.
        .target(name: "BreathReplay", dependencies: ["BreathCapture", "BreathDevice", "BreathWire"]),
        .target(
            name: "BreathDevice",
            dependencies: [
                "BreathWire", "BreathEmulator",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "BreathStore",
            dependencies: [
                "CLibCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),

        // MARK: Service and executables
        // The control socket's messages and client, shared by breathd and breathctl.
        .target(name: "BreathControl"),
        .target(
            name: "BreathService",
            dependencies: [
                "BreathWire", "BreathDevice", "BreathCapture", "BreathStore", "BreathEmulator", "BreathSignal",
                "BreathControl", "BreathScreening", "BreathUSB", "BreathReplay",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "breathd",
            dependencies: [
                "BreathService", "BreathStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The engineers' USB bench tool: list devices, record runs to captures (Samples/ come from it).
        .executableTarget(
            name: "breath-usb",
            dependencies: [
                "BreathUSB", "BreathService", "BreathDevice", "BreathWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "breathctl",
            dependencies: [
                "BreathStore", "BreathService", "BreathSignal", "ChromatogramImport", "BreathControl", "BreathReplay",
                "BreathCapture", "BreathDevice", "BreathExport", "BreathScreening", "BreathModeling", "BreathCohort",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The emulator as a separate process behind a record pipe, for the umockdev USB device.
        .executableTarget(
            name: "breath-emulator",
            dependencies: ["BreathEmulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: Fuzzing and benchmarks
        .executableTarget(name: "BreathWireFuzz", dependencies: ["BreathWire"]),
        .executableTarget(name: "BreathBench", dependencies: ["BreathWire"]),
        .executableTarget(
            name: "IngestBench",
            dependencies: [
                "BreathCapture", "BreathDevice", "BreathEmulator", "BreathReplay", "BreathService", "BreathUSB", "BreathWire",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ingest/IngestBench"),
        .executableTarget(name: "SignalBench", dependencies: ["BreathSignal"], path: "Benchmarks/SignalBench"),
        .executableTarget(
            name: "ScreeningBench", dependencies: ["BreathScreening", "BreathCohort", "BreathSignal"],
            path: "Benchmarks/ScreeningBench"),
        // Synthetic screening results for the crash writer, the store benchmark and tests.
        .target(name: "BreathStoreSamples", dependencies: ["BreathStore"]),
        .executableTarget(
            name: "StoreBench",
            dependencies: ["BreathStore", "BreathStoreSamples", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Benchmarks/store/StoreBench"),
        // Writes results in a loop for the crash test, which kills it at random points.
        .executableTarget(name: "BreathStoreCrashWriter", dependencies: ["BreathStore", "BreathStoreSamples"]),

        // MARK: Tests
        // Helpers shared by several test targets: timeouts for async waits, temporary folders.
        .target(name: "BreathTestSupport", dependencies: ["BreathDevice", "BreathWire"], path: "Tests/BreathTestSupport"),
        .testTarget(name: "BreathWireTests", dependencies: ["BreathWire"]),
        .testTarget(name: "BreathSignalTests", dependencies: ["BreathSignal"]),
        .testTarget(
            name: "BreathScreeningTests",
            dependencies: ["BreathScreening", "BreathSignal", "BreathCohort", "BreathModeling", "BreathTestSupport"]),
        .testTarget(name: "ChromatogramImportTests", dependencies: ["ChromatogramImport", "BreathSignal"]),
        .testTarget(name: "BreathEmulatorTests", dependencies: ["BreathEmulator", "BreathWire"]),
        .testTarget(name: "BreathCaptureTests", dependencies: ["BreathCapture", "BreathWire", "BreathTestSupport"]),
        .testTarget(
            name: "BreathDeviceTests",
            dependencies: ["BreathDevice", "BreathEmulator", "BreathWire", "BreathTestSupport"]),
        .testTarget(name: "BreathStoreTests", dependencies: ["BreathStore", "BreathStoreSamples", "BreathWire", "BreathTestSupport"]),
        .testTarget(
            name: "StoreCrashTests",
            dependencies: ["BreathStore", "BreathStoreSamples", "BreathStoreCrashWriter", "breathctl", "breathd"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLibUSB", "CFFTW"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "breathd", "breathctl", "breath-usb", "BreathStore", "BreathStoreSamples", "BreathSignal", "ChromatogramImport",
                "BreathTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "BreathExportTests", dependencies: ["BreathExport", "BreathStore", "BreathStoreSamples", "BreathSignal"]),
        .testTarget(name: "BreathctlTests", dependencies: ["breathctl"]),
        // breathd as systemd runs it: notify socket, watchdog, control socket, signals, recovery.
        .testTarget(
            name: "BreathdServiceTests",
            dependencies: ["breathd", "breathctl", "BreathControl", "BreathStore", "BreathCapture", "BreathTestSupport"]),
        // The libusb link under umockdev: a Python device bridged to breath-emulator, usbmon
        // replays, and the udev rule (Tests/umockdev holds the device, recordings and scripts).
        .testTarget(name: "BreathUSBTests", dependencies: ["breath-usb", "breath-emulator", "breathd", "breathctl", "BreathTestSupport"]),
        .testTarget(
            name: "BreathReplayTests",
            dependencies: [
                "BreathReplay", "BreathService", "BreathCapture", "BreathDevice", "BreathEmulator", "BreathWire",
                "BreathTestSupport", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "BreathServiceTests",
            dependencies: [
                "BreathService", "BreathStore", "BreathCapture", "BreathEmulator", "BreathControl", "BreathWire", "BreathDevice", "BreathTestSupport",
            ]),
    ]
)
