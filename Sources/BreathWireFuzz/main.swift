// libFuzzer entry point for the wire decoder. Build and run with Scripts/fuzz-decoder.sh.
//
// Each input is split into chunks at positions taken from its first byte, fed to a
// FrameDecoder, every frame decoded as a Message and re-encoded; the decoder must never
// trap, must keep its buffer bounded, and a decoded message must survive a round trip.
import BreathWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first % 64) + 1
    var decoder = FrameDecoder()
    var frames: [Frame] = []
    var index = 1
    while index < bytes.count {
        let end = min(bytes.count, index + chunk)
        decoder.feed(bytes[index..<end]) { frames.append($0) }
        precondition(decoder.bufferedByteCount < Frame.maximumSize, "decoder buffer unbounded")
        index = end
    }
    frames += decoder.finish()
    let statistics = decoder.statistics
    let framed = frames.reduce(0) { $0 + $1.encodedSize }
    precondition(framed + statistics.droppedBytes == max(0, bytes.count - 1), "bytes unaccounted for")
    for frame in frames {
        precondition(frame.encoded().count == frame.encodedSize)
        guard let message = try? Message(frame: frame) else { continue }
        let again = try? Message(frame: message.frame(sequence: frame.sequence))
        precondition(again == message, "message does not survive a round trip")
    }
    return 0
}
