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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        // Identification, features, QC and calibrated risk; SHA-256 of model files from libcrypto.
        .target(name: "BreathScreening", dependencies: ["BreathSignal", "CLibCrypto"]),
        // Synthetic screening cohorts (not patient data) with their oracle scores.
        .target(name: "BreathCohort", dependencies: ["BreathSignal", "BreathScreening"]),
        // Labelled sets, cross-validated training and evaluation of screening models.
        .target(name: "BreathModeling", dependencies: ["BreathScreening", "BreathSignal", "ChromatogramImport"]),

        // MARK: Device side and I/O
        .target(name: "BreathEmulator", dependencies: ["BreathWire", "BreathSignal"]),
        .target(name: "BreathCapture", dependencies: ["BreathWire"]),
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
        .target(
            name: "BreathService",
            dependencies: [
                "BreathWire", "BreathDevice", "BreathCapture", "BreathStore", "BreathEmulator",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "breathd",
            dependencies: [
                "BreathService", "BreathDevice", "BreathEmulator", "BreathStore", "BreathWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "breathctl",
            dependencies: [
                "BreathStore", "BreathService", "BreathSignal", "ChromatogramImport",
                "BreathScreening", "BreathModeling", "BreathCohort",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Fuzzing and benchmarks
        .executableTarget(name: "BreathWireFuzz", dependencies: ["BreathWire"]),
        .executableTarget(name: "BreathBench", dependencies: ["BreathWire"]),
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
        .target(name: "BreathTestSupport", path: "Tests/BreathTestSupport"),
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
        .testTarget(name: "EndToEndTests", dependencies: ["breathd", "breathctl"]),
        .testTarget(
            name: "BreathServiceTests",
            dependencies: ["BreathService", "BreathStore", "BreathCapture", "BreathEmulator", "BreathTestSupport"]),
    ]
)
