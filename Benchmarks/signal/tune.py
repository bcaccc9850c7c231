#!/usr/bin/env python3
"""How the scipy settings in reference.py were chosen: a small grid over the few knobs a
practitioner would turn, scored by mean F1 over the accuracy sets (one setting for all sets,
never one per set). Not part of the benchmark run; rerun it after changing the generator.

  tune.py --data DIR [--cwt]      DIR from `SignalBench generate`

The chosen values were the best mean F1 of these grids on the generator's data (reference: mean
F1 0.981, the bound settings tying on F1 and chosen for the smaller area error; find_peaks_cwt
on the four 10-20 Hz sets: 0.793). The tuning is in-sample: scipy is tuned on the very data it
is scored on, which favours it.
"""

import argparse
import itertools
import warnings

import numpy as np

import reference
import score


def mean_f1(directory, sets, detect):
    _, truths = score.load_truth(directory)
    f1 = {}
    for name in sets:
        detections = {c["file"]: detect(y, c["samplePeriod"]) for c, y in reference.load_set(directory, name)}
        f1[name] = score.score_set(truths[name]["chromatograms"], detections)["f1"]
    return float(np.mean(list(f1.values()))), f1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--cwt", action="store_true", help="tune find_peaks_cwt instead of the reference")
    arguments = parser.parse_args()
    warnings.simplefilter("ignore")
    manifest, _ = score.load_truth(arguments.data)
    every_set = [e["name"] for e in manifest["sets"]]
    results = []
    if arguments.cwt:
        # The 100 Hz and 1 kHz sets would take minutes per setting.
        sets = [s for s in every_set if s not in ("100hz", "1khz")]
        grid = itertools.product([0.2, 0.4], [1.0, 1.5], [1.5, 2.0, 2.5, 3.0], [5.0, 10.0])
        for low, high, snr, perc in grid:
            reference.CWT_SCALE_RANGE = (low, high)

            def detect(y, dt):
                return [{"retentionTime": i * dt} for i in reference.cwt_locations(y, dt, snr, perc)]

            results.append((*mean_f1(arguments.data, sets, detect), f"scales {low}-{high} FWHM, min_snr {snr}, noise_perc {perc}"))
            print(f"{results[-1][0]:.3f}  {results[-1][2]}", flush=True)
    else:
        grid = itertools.product([0.75, 1.0, 1.5, 2.5], [3.5, 4.0, 4.5, 5.0], [0.95, 0.98], [None, 1.0], [0.7, 1.0])
        for half_window, sigmas, rel_height, max_fwhm, fraction in grid:
            reference.SNIP_HALF_WINDOW_FWHM, reference.BOUNDS_REL_HEIGHT = half_window, rel_height
            reference.BOUNDS_MAX_FWHM, reference.SAVGOL_FWHM_FRACTION = max_fwhm, fraction

            def detect(y, dt):
                return reference.reference_pipeline(y, dt, sigmas)[0]

            results.append((*mean_f1(arguments.data, every_set, detect),
                            f"SNIP half-window {half_window} FWHM, prominence {sigmas} sigma, bounds at {rel_height} "
                            f"(max {max_fwhm} FWHM out), savgol {fraction} FWHM"))
            print(f"{results[-1][0]:.3f}  {results[-1][2]}", flush=True)
    results.sort(key=lambda r: -r[0])
    print("\nbest:")
    for mean, per_set, label in results[:5]:
        print(f"{mean:.3f}  {label}  " + " ".join(f"{k} {v:.3f}" for k, v in per_set.items()))


if __name__ == "__main__":
    main()
