#!/usr/bin/env python3
"""Independent checks of breathctl's exports, with tools other than ours.

    check-exports.py --fhir BUNDLE.json --aia FILE.cdf --expected EXPECTED.json --svg PLOT.svg --png PLOT.png

- FHIR: the Bundle is parsed and validated by fhir.resources (R4, FHIR 4.0.1: version 6.4.0,
  the last whose default model is R4), which checks elements, cardinalities and types but not
  codes; the codes of the R4 required bindings the export uses are checked here against the
  R4 value sets; every reference must resolve to an entry; the Specimen is SNOMED CT 119336008.
- AIA: the file is read by netCDF4 (the Unidata Python library); its trace must equal the
  stored trace and its peak table the stored peaks exactly (EXPECTED.json, written by the test
  from the store).
- SVG: parsed as XML; it must hold polyline#trace, polyline#baseline and one
  circle.peak-marker per reported peak at that peak's retention time, in EXPECTED's order.
- PNG: written by rsvg-convert; it must be a PNG of the SVG's size.

Prints one line per check and exits 1 on the first failure.
"""
import argparse
import json
import struct
import sys
import xml.etree.ElementTree as ET


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


# R4 (4.0.1) value sets of the required bindings the export uses.
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"}
REQUIRED_CODES = {
    ("Bundle", "type"): {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                         "history", "searchset", "collection"},
    ("Observation", "status"): OBSERVATION_STATUS,
    ("RiskAssessment", "status"): OBSERVATION_STATUS,
    ("DiagnosticReport", "status"): {"registered", "partial", "preliminary", "final", "amended", "corrected", "appended",
                                     "cancelled", "entered-in-error", "unknown"},
    ("Specimen", "status"): {"available", "unavailable", "unsatisfactory", "entered-in-error"},
    ("Device", "status"): {"active", "inactive", "entered-in-error", "unknown"},
}
DEVICE_NAME_TYPES = {"udi-label-name", "user-friendly-name", "patient-reported-name", "manufacturer-name", "model-name", "other"}


def check_bindings(document):
    resources = [document] + [entry["resource"] for entry in document.get("entry", [])]
    for resource in resources:
        for (kind, element), allowed in REQUIRED_CODES.items():
            if resource.get("resourceType") == kind and element in resource and resource[element] not in allowed:
                fail(f"FHIR R4 binding: {kind}.{element} '{resource[element]}' is not in the R4 value set")
        for name in resource.get("deviceName", []):
            if name.get("type") not in DEVICE_NAME_TYPES:
                fail(f"FHIR R4 binding: Device.deviceName.type '{name.get('type')}' is not in the R4 value set")


def check_fhir(path):
    from fhir.resources import __fhir_version__
    from fhir.resources.bundle import Bundle

    if __fhir_version__ != "4.0.1":
        fail(f"fhir.resources models FHIR {__fhir_version__}, not R4 4.0.1")
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    try:
        bundle = Bundle.parse_obj(document)
    except Exception as error:  # pydantic.ValidationError lists every problem
        fail(f"FHIR R4 validation of {path}:\n{error}")
    check_bindings(document)
    urls = {entry.fullUrl for entry in bundle.entry}
    types = [entry.resource.resource_type for entry in bundle.entry]
    for required in ["Patient", "Device", "Specimen", "Observation", "RiskAssessment", "DiagnosticReport"]:
        if required not in types:
            fail(f"no {required} in the bundle")

    def references(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "reference":
                    yield item
                else:
                    yield from references(item)
        elif isinstance(value, list):
            for item in value:
                yield from references(item)

    dangling = [reference for reference in references(document) if reference not in urls]
    if dangling:
        fail(f"references without an entry: {dangling}")
    specimen = next(entry.resource for entry in bundle.entry if entry.resource.resource_type == "Specimen")
    codes = [(coding.system, coding.code) for coding in specimen.type.coding]
    if ("http://snomed.info/sct", "119336008") not in codes:
        fail(f"specimen type {codes} is not SNOMED CT 119336008")
    print(f"ok   FHIR R4 {path}: {len(bundle.entry)} entries valid for fhir.resources (FHIR {__fhir_version__}), "
          f"{sum(1 for _ in references(document))} references resolve")


def check_aia(path, expected):
    import netCDF4
    import numpy

    with netCDF4.Dataset(path) as dataset:
        dataset.set_auto_mask(False)
        trace = numpy.asarray(dataset.variables["ordinate_values"][:], dtype=numpy.float32)
        stored = numpy.asarray(expected["trace"], dtype=numpy.float32)
        if trace.shape != stored.shape or not numpy.array_equal(trace, stored):
            fail(f"AIA trace differs from the stored trace ({trace.shape} vs {stored.shape})")
        interval = float(dataset.variables["actual_sampling_interval"][...])
        if interval != expected["sample_period_s"]:
            fail(f"sampling interval {interval} != {expected['sample_period_s']}")
        for variable, key in [("peak_retention_time", "retention_time"), ("peak_start_time", "start"),
                              ("peak_end_time", "end"), ("peak_height", "height"), ("peak_area", "area")]:
            values = [float(v) for v in dataset.variables[variable][:]]
            wanted = [peak[key] for peak in expected["peaks"]]
            if values != wanted:
                fail(f"AIA {variable} differs from the stored peaks")
        if getattr(dataset, "separation_experiment_type", "") != "gas_chromatography":
            fail("AIA separation_experiment_type is not gas_chromatography")
    print(f"ok   AIA {path}: netCDF4 {netCDF4.__version__} reads {len(stored)} samples and "
          f"{len(expected['peaks'])} peaks, identical to the store")


def check_svg(path, expected):
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    root = ET.parse(path).getroot()
    trace = root.find(".//svg:polyline[@id='trace']", namespace)
    baseline = root.find(".//svg:polyline[@id='baseline']", namespace)
    if trace is None or len(trace.get("points", "").split()) < 100:
        fail("SVG has no trace polyline (or fewer than 100 points)")
    if baseline is None or len(baseline.get("points", "").split()) < 10:
        fail("SVG has no baseline polyline")
    peaks = [group for group in root.iter("{http://www.w3.org/2000/svg}g") if group.get("class") == "peak"]
    markers = [group.find("svg:circle[@class='peak-marker']", namespace) for group in peaks]
    wanted = [peak["retention_time"] for peak in expected["peaks"]]
    if len(peaks) != len(wanted) or any(marker is None for marker in markers):
        fail(f"SVG has {len(peaks)} peak markers for {len(wanted)} reported peaks")
    for group, time in zip(peaks, wanted):
        if abs(float(group.get("data-retention-time")) - time) > 1e-5 * max(1, abs(time)):
            fail(f"SVG marker {group.get('id')} at {group.get('data-retention-time')} s, the peak at {time} s")
    # Markers sit left to right in retention order inside the plot area.
    xs = [float(marker.get("cx")) for marker in markers]
    if xs != sorted(xs):
        fail("SVG peak markers are not in retention order")
    labels = [group.get("data-label") for group in peaks if group.get("data-label")]
    for name in expected.get("labels", []):
        if name not in labels:
            fail(f"SVG has no label {name}")
    print(f"ok   SVG {path}: trace ({len(trace.get('points').split())} points), baseline, "
          f"{len(peaks)} peak markers at the reported retention times, {len(labels)} compound labels")
    return float(root.get("width")), float(root.get("height"))


def check_png(path, size):
    with open(path, "rb") as handle:
        header = handle.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    if (width, height) != (int(size[0]), int(size[1])):
        fail(f"PNG is {width}x{height}, the SVG {size[0]}x{size[1]}")
    print(f"ok   PNG {path}: {width}x{height}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fhir")
    parser.add_argument("--aia")
    parser.add_argument("--svg")
    parser.add_argument("--png")
    parser.add_argument("--expected", required=True)
    arguments = parser.parse_args()
    with open(arguments.expected, encoding="utf-8") as handle:
        expected = json.load(handle)
    if arguments.fhir:
        check_fhir(arguments.fhir)
    if arguments.aia:
        check_aia(arguments.aia, expected)
    size = check_svg(arguments.svg, expected) if arguments.svg else None
    if arguments.png:
        check_png(arguments.png, size)
    print("exports: all checks passed")


if __name__ == "__main__":
    main()
