import Foundation
import Testing

extension UMockdevTests {
    /// breath-usb through libusb against the interactive umockdev device and breath-emulator.
    @Suite struct Interactive {
        /// PROTOCOL.md: 10 samples per SAMPLE_BLOCK with the standard method.
        let samplesPerBlock = 10

        @Test func listShowsTheDeviceWithItsSerial() throws {
            let (_, program) = try InteractiveDevice(options: ["--serial", "BGC1-TEST-0042"]).run(["list"])
            #expect(program.status == 0, "\(program.stderr)")
            let decoder = JSONDecoder()
            let devices = try program.stdout.split(separator: "\n").map { try decoder.decode(ListedDevice.self, from: Data($0.utf8)) }
            #expect(devices == [ListedDevice(bus: 1, address: 2, serial: "BGC1-TEST-0042")])
        }

        @Test func fullRunWithSeveralTransfersInFlight() throws {
            let (device, runs, program) = try InteractiveDevice().acquire()
            #expect(program.status == 0, "\(program.stderr)")
            let run = try #require(runs.count == 1 ? runs[0] : nil, "\(program.stdout)")
            #expect(run.status == "complete")
            #expect(run.totalsVerified == true)
            #expect(run.receivedSamples == run.samples)
            #expect((run.samples ?? 0) > 0)
            #expect(run.missingSamples == 0 && run.sequenceGaps == 0 && run.malformedFrames == 0 && run.droppedBytes == 0)
            #expect(run.usb.transferErrors == 0 && run.usb.overflows == 0)
            // Every byte the device put on the bus reached the link.
            #expect(run.usb.bytesIn == device.totalBytesIn)
            // Bulk IN and interrupt IN transfers were pending together (several of each).
            #expect(device.maxInFlight >= 3)
        }

        @Test func realTimePacedDeviceLosesNothing() throws {
            // The emulator keeps its own clock (200 device seconds per second) and sends by itself.
            let (device, runs, _) = try InteractiveDevice(options: ["--real-time-factor", "200"]).acquire()
            let run = try #require(runs.first)
            #expect(run.status == "complete" && run.totalsVerified == true)
            #expect(run.receivedSamples == run.samples && run.missingSamples == 0 && run.sequenceGaps == 0)
            #expect(run.usb.bytesIn == device.totalBytesIn)
        }

        @Test func urbLatencyLosesNothing() throws {
            let (device, runs, _) = try InteractiveDevice(options: ["--latency-ms", "2"]).acquire()
            let run = try #require(runs.first)
            #expect(run.status == "complete" && run.totalsVerified == true)
            #expect(run.receivedSamples == run.samples && run.missingSamples == 0)
            #expect(run.usb.bytesIn == device.totalBytesIn)
        }

        @Test func unplugMidRunThenReplugOnANewAddress() throws {
            let device = InteractiveDevice(options: ["--fault", "disconnect@400", "--replug-after", "0.5"])
            let (summary, runs, program) = try device.acquire(["--runs", "2", "--reconnect-timeout", "30"])
            #expect(program.status == 0, "\(program.stderr)")
            try #require(runs.count == 2, "\(program.stdout)")
            // The run in progress is closed as interrupted with everything received so far.
            #expect(runs[0].status == "interrupted")
            #expect(runs[0].reason?.contains("disconnected") == true)
            #expect((runs[0].receivedSamples ?? 0) > 0)
            #expect(runs[0].missingSamples == 0 && runs[0].sequenceGaps == 0)
            #expect(runs[0].source == "usb 1-2")
            // The same unit came back with a new device number and was found by its serial.
            #expect(summary.devnums == [2, 3] && summary.unplugs == 1 && summary.replugs == 1)
            #expect(runs[1].source == "usb 1-3")
            #expect(runs[1].status == "complete" && runs[1].totalsVerified == true)
            #expect(runs[0].usb.bytesIn + runs[1].usb.bytesIn == summary.totalBytesIn)
        }

        @Test func unplugWithoutReplugKeepsTheInterruptedRun() throws {
            let device = InteractiveDevice(options: ["--fault", "disconnect@400"])
            let (summary, runs, program) = try device.acquire(["--reconnect-timeout", "1"])
            #expect(program.status == 0, "\(program.stderr)")
            let run = try #require(runs.first)
            #expect(run.status == "interrupted")
            #expect((run.receivedSamples ?? 0) > 0 && run.missingSamples == 0)
            #expect(run.usb.bytesIn == summary.totalBytesIn)
            #expect(summary.unplugs == 1 && summary.replugs == 0)
        }

        @Test func stallOnBulkInIsClearedAndTheLossShowsAsGaps() throws {
            let device = InteractiveDevice(options: ["--stall-in-at", "300", "--stall-loses", "3"])
            let (summary, runs, program) = try device.acquire()
            #expect(program.status == 0, "\(program.stderr)")
            let run = try #require(runs.first)
            #expect(summary.stallsInjected == 1 && summary.haltsCleared == 1)
            // One halt is one stall, cleared once, however many transfers it failed
            // (PROTOCOL.md 1: the three endpoints are also cleared once at claim).
            #expect(summary.urbsStalled > 1)
            #expect(run.usb.stalls == 1)
            #expect(summary.ioctls["CLEAR_HALT"] == 3 + 1)
            // The run went on to RUN_COMPLETE; the three blocks lost behind the stall are
            // counted, and the device's totals no longer match.
            #expect(run.sequenceGaps == summary.framesLostInStall)
            #expect(run.missingSamples == summary.framesLostInStall * samplesPerBlock)
            #expect((run.receivedSamples ?? 0) + (run.missingSamples ?? 0) == run.samples)
            #expect(run.status != "interrupted" && run.totalsVerified == false)
            #expect(run.usb.bytesIn == summary.totalBytesIn)
        }

        @Test func inTransfersThatDoNotCompleteAreSeenAsAStall() throws {
            let device = InteractiveDevice(options: ["--hang-in-at", "300", "--hang-seconds", "3"])
            let (summary, runs, _) = try device.acquire(["--stall-timeout", "1"])
            let run = try #require(runs.first)
            #expect(summary.hangsInjected == 1)
            // The session noticed the silence; nothing was lost once the device answered again.
            #expect((run.stalls ?? 0) >= 1)
            #expect(run.status == "complete" && run.totalsVerified == true)
            #expect(run.receivedSamples == run.samples && run.missingSamples == 0)
        }

        @Test func staleBytesOfAPreviousSessionAreDrainedOnOpen() throws {
            let (device, runs, _) = try InteractiveDevice(options: ["--stale-in", "300"]).acquire()
            let run = try #require(runs.first)
            #expect(run.usb.staleBytesDrained == device.staleBytes)
            // Drained, not decoded: the run sees none of them.
            #expect(run.droppedBytes == 0 && run.status == "complete" && run.totalsVerified == true)
            #expect(run.usb.bytesIn + run.usb.staleBytesDrained == device.totalBytesIn)
        }

        @Test func anOverflowingTransferIsCountedAndStreamingGoesOn() throws {
            let (device, runs, _) = try InteractiveDevice(options: ["--overflow-in-at", "300"]).acquire()
            let run = try #require(runs.first)
            #expect(device.overflowsInjected == 1 && run.usb.overflows == 1)
            // The babbled transfer held one sample block: one gap, its samples missing, the rest kept.
            #expect(run.sequenceGaps == 1 && run.missingSamples == samplesPerBlock)
            #expect(device.bytesLostInOverflow > 0 && run.usb.bytesIn == device.totalBytesIn)
            #expect((run.receivedSamples ?? 0) + samplesPerBlock == run.samples)
        }

        @Test func corruptedAndDroppedFramesFromTheDevice() throws {
            let device = InteractiveDevice(options: ["--fault", "corrupt#500", "--fault", "drop#600"])
            let (_, runs, _) = try device.acquire()
            let run = try #require(runs.first)
            #expect(run.sequenceGaps == 2)
            #expect(run.missingSamples == 2 * samplesPerBlock)
            #expect((run.droppedBytes ?? 0) > 0)
            #expect(run.totalsVerified == false)
        }

        @Test func aBitFlippedOnTheBusFailsTheCRC() throws {
            let (summary, runs, _) = try InteractiveDevice(options: ["--flip-in-byte", "50000"]).acquire()
            let run = try #require(runs.first)
            #expect(summary.bitsFlipped == 1)
            #expect(run.sequenceGaps == 1 && run.missingSamples == samplesPerBlock)
            #expect((run.droppedBytes ?? 0) > 0)
            #expect(run.usb.bytesIn == summary.totalBytesIn)
        }

        @Test func deviceFaultMidRunEndsTheRunFailed() throws {
            let (_, runs, _) = try InteractiveDevice(options: ["--fault", "fault:3:1@400"]).acquire()
            let run = try #require(runs.first)
            #expect(run.status == "failed")
            #expect(run.faults == ["error DETECTOR_LAMP_FAILURE"])
            #expect(run.receivedSamples == run.samples && run.totalsVerified == true)
        }

        @Test func lowBreathVolumeIsReported() throws {
            let (_, runs, _) = try InteractiveDevice(options: ["--breath-volume", "300"]).acquire()
            let run = try #require(runs.first)
            #expect(run.faults == ["warning LOW_BREATH_VOLUME"])
            #expect(run.receivedSamples == run.samples)
        }

        @Test func noDeviceAfterTheUnplugMeansExit69() throws {
            // The device vanishes before the second run and never comes back.
            let device = InteractiveDevice(options: ["--fault", "disconnect@400"])
            let (_, runs, program) = try device.acquire(["--runs", "2", "--reconnect-timeout", "1"])
            #expect(program.status == 69)
            #expect(runs.count == 1 && runs.first?.status == "interrupted")
        }
    }
}
