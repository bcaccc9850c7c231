#!/usr/bin/env python3
"""The scipy side of the signal benchmark: two reference peak pickers, timed and run on the
generated sets (see Scripts/bench-signal.sh and Benchmarks/SignalBench).

1. "scipy reference": SNIP baseline + savgol_filter + find_peaks + peak_widths + trapezoid areas.
2. "find_peaks_cwt": scipy.signal.find_peaks_cwt on the trace minus its median (Ricker
   wavelet). It only locates peaks; its locations get areas from the same baseline and
   integration as (1), so its area column measures where it put the peaks, not an integrator
   of its own.

Both are given what the method of a GC knows in advance and our analyzer is NOT told: the
expected peak FWHM range, 1-4 s (EXPECTED_FWHM). Every window below is derived from it and the
sample period, so one setting serves every set and rate. The remaining knobs (SNIP window,
prominence threshold, integration bounds, savgol window; find_peaks_cwt's scale range, min_snr
and noise_perc) were chosen by a small grid scan for the best mean F1 over all the sets
together, never per set (tune.py): the "reasonably tuned practitioner" version of each tool.
The scan is in-sample (tuned on the data it is scored on), which if anything favours scipy.

Output: one JSON (--out) with the peak tables of both methods for every chromatogram, and the
speed figures on the two speed inputs:
  - "findPeaksPipeline": savgol_filter + MAD noise + find_peaks + peak_widths (FWHM and bounds)
    + trapezoid areas on the smoothed trace, no baseline: the issue's "scipy's find_peaks
    pipeline alone";
  - "referenceFull": the whole reference including SNIP (for information);
  - "findPeaksCwt": find_peaks_cwt alone.
Each is timed with time.perf_counter: one warm-up run, then the median of REPETITIONS runs;
find_peaks_cwt on the large input falls back to fewer runs when the protocol would exceed
CWT_BUDGET_S (its cost is quadratic in N: a Python loop takes a percentile over N/20 points at
every sample), and the JSON says how many runs were made.
"""

import argparse
import json
import math
import pathlib
import platform
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.signal import find_peaks, find_peaks_cwt, peak_widths, savgol_coeffs, savgol_filter

# What the method knows: peak FWHM range of the column (s).
EXPECTED_FWHM = (1.0, 4.0)
# savgol: polyorder 2, window about 0.7 x the narrowest FWHM (odd, >= 5 samples). Wider windows
# lower the noise but flatten the narrowest peaks; 0.5-1 x FWHM is the usual advice.
SAVGOL_POLYORDER = 2
SAVGOL_FWHM_FRACTION = 0.7
# SNIP: half-window 1 x the widest FWHM (wider windows clip fused pairs better but cut into the
# water dip and the bleed ramp, and scored worse overall), on a copy decimated (block means) to at least ~10 samples per narrowest FWHM; the baseline is
# interpolated back. Decimation only makes SNIP affordable at 100 Hz and 1 kHz (its cost is
# N x half-window); the baseline is far smoother than a peak, so it loses nothing.
SNIP_HALF_WINDOW_FWHM = 1.0
SNIP_SAMPLES_PER_FWHM = 10
# find_peaks: prominence >= PROMINENCE_SIGMAS x the robust noise of the smoothed, baseline-
# corrected trace; width at half prominence >= 0.5 x the narrowest FWHM (rejects smoothed spikes).
PROMINENCE_SIGMAS = 4.5
MIN_WIDTH_FWHM = 0.5
# Integration bounds: peak_widths at 98 % of the prominence, but at most 1 FWHM beyond the
# half-height points (noise can carry the low crossing far out), cut at the lowest point
# between neighbouring peaks (a drop line); area = trapezoid of (raw - baseline) between them.
# RT: parabola through the three samples at the maximum of the smoothed, corrected trace.
BOUNDS_REL_HEIGHT = 0.98
BOUNDS_MAX_FWHM = 1.0
# find_peaks_cwt: on the trace minus its median (removes the detector offset, which the
# zero-padded convolution would turn into false peaks at both ends); 16 Ricker scales,
# geometric, from 0.2 x the narrowest to 1.5 x the widest FWHM in samples (a Ricker of scale a
# responds most to a Gaussian of FWHM ~ a, so this brackets every peak); min_snr 2 and
# noise_perc 5 tuned; max_distances, gap_thresh, min_length and window_size left at scipy's
# defaults.
CWT_SCALES = 16
CWT_SCALE_RANGE = (0.2, 1.5)
CWT_MIN_SNR = 2.0
CWT_NOISE_PERC = 5.0

REPETITIONS = 7
CWT_BUDGET_S = 300.0


def snip_baseline(y, half_window):
    """Standard SNIP (Ryan et al. 1988; Morhac 2009) with the LLS transform and a decreasing
    clipping window: v = ln(ln(sqrt(y + 1) + 1) + 1); for p = m, m-1, ..., 1:
    v[i] = min(v[i], (v[i-p] + v[i+p]) / 2); then the inverse transform. LLS needs y >= 0: a
    trace with negative values is shifted up to 0 first, and back after. (Shifting every trace
    to a minimum of 0 would make the transform bend hardest at the water dip and drag the
    baseline down around it.)"""
    offset = min(0.0, y.min())
    v = np.log(np.log(np.sqrt(y - offset + 1) + 1) + 1)
    n = len(v)
    for p in range(min(half_window, (n - 1) // 2), 0, -1):
        mean = 0.5 * (v[: n - 2 * p] + v[2 * p:])
        np.minimum(v[p: n - p], mean, out=v[p: n - p])
    return (np.exp(np.exp(v) - 1) - 1) ** 2 - 1 + offset


def decimated_snip(y, dt):
    """SNIP on block means of y (see SNIP_SAMPLES_PER_FWHM), linearly interpolated back."""
    factor = max(1, int(EXPECTED_FWHM[0] / SNIP_SAMPLES_PER_FWHM / dt))
    half_window = int(round(SNIP_HALF_WINDOW_FWHM * EXPECTED_FWHM[1] / (dt * factor)))
    if factor == 1:
        return snip_baseline(y, half_window)
    blocks = len(y) // factor
    coarse = y[: blocks * factor].reshape(blocks, factor).mean(axis=1)
    centres = (np.arange(blocks) + 0.5) * factor - 0.5
    return np.interp(np.arange(len(y)), centres, snip_baseline(coarse, half_window))


def savgol_window(dt):
    window = int(SAVGOL_FWHM_FRACTION * EXPECTED_FWHM[0] / dt)
    window -= 1 - window % 2
    return max(window, 5)


def robust_sigma(x):
    """Standard deviation from the median absolute deviation (x 1.4826), in three passes that
    drop samples beyond 3 sigma, so that peaks (a minority of samples) do not inflate it."""
    keep = x
    for _ in range(3):
        centre = np.median(keep)
        sigma = 1.4826 * np.median(np.abs(keep - centre))
        keep = x[np.abs(x - centre) < 3 * sigma]
    return sigma


def apex_time(signal, index, dt):
    """Apex by a parabola through the three samples around the maximum."""
    if 0 < index < len(signal) - 1:
        left, mid, right = signal[index - 1], signal[index], signal[index + 1]
        curvature = left - 2 * mid + right
        if curvature < 0:
            return (index + 0.5 * (left - right) / curvature) * dt
    return index * dt


def integrate(peaks, corrected, excess, dt):
    """Peak tables from apex indices: FWHM (peak_widths at 0.5) and areas between the bounds
    (peak_widths at BOUNDS_REL_HEIGHT, cut at the valley to a neighbour) of `excess`."""
    if len(peaks) == 0:
        return []
    halves = peak_widths(corrected, peaks, rel_height=0.5)
    left, right = peak_widths(corrected, peaks, rel_height=BOUNDS_REL_HEIGHT)[2:]
    if BOUNDS_MAX_FWHM is not None:  # noise can carry the low crossing far out
        left = np.maximum(left, halves[2] - BOUNDS_MAX_FWHM * halves[0])
        right = np.minimum(right, halves[3] + BOUNDS_MAX_FWHM * halves[0])
    for k in range(len(peaks) - 1):
        valley = peaks[k] + int(np.argmin(corrected[peaks[k]: peaks[k + 1] + 1]))
        right[k] = min(right[k], valley)
        left[k + 1] = max(left[k + 1], valley)
    table = []
    for k, index in enumerate(peaks):
        first, last = int(math.ceil(left[k])), int(math.floor(right[k]))
        area = float(np.trapezoid(excess[first: last + 1], dx=dt)) if last > first else 0.0
        table.append({
            "retentionTime": apex_time(corrected, index, dt),
            "start": left[k] * dt, "end": right[k] * dt,
            "height": float(corrected[index]), "area": area, "fwhm": float(halves[0][k] * dt),
        })
    return table


def reference_pipeline(y, dt, prominence_sigmas=PROMINENCE_SIGMAS):
    """SNIP + savgol + find_peaks + peak_widths; returns (peak table, baseline, corrected)."""
    smoothed = savgol_filter(y, savgol_window(dt), SAVGOL_POLYORDER)
    baseline = decimated_snip(smoothed, dt)
    corrected = smoothed - baseline
    sigma = robust_sigma(corrected)
    peaks, _ = find_peaks(
        corrected, prominence=prominence_sigmas * sigma, width=MIN_WIDTH_FWHM * EXPECTED_FWHM[0] / dt)
    return integrate(peaks, corrected, y - baseline, dt), baseline, corrected


def find_peaks_pipeline(y, dt):
    """The speed comparison's 'find_peaks pipeline alone': savgol, a MAD noise estimate from first
    differences (baseline-free, scaled by the filter's noise gain), find_peaks on the smoothed
    trace, peak_widths for FWHM and bounds, and trapezoid areas above the straight line joining
    the bounds (no SNIP baseline)."""
    window = savgol_window(dt)
    smoothed = savgol_filter(y, window, SAVGOL_POLYORDER)
    differences = np.diff(y)
    white = 1.4826 * np.median(np.abs(differences - np.median(differences))) / math.sqrt(2)
    sigma = white * math.sqrt(np.sum(savgol_coeffs(window, SAVGOL_POLYORDER) ** 2))
    peaks, _ = find_peaks(smoothed, prominence=PROMINENCE_SIGMAS * sigma, width=MIN_WIDTH_FWHM * EXPECTED_FWHM[0] / dt)
    table = integrate(peaks, smoothed, smoothed, dt)
    for row in table:  # subtract the straight line under each peak
        ends = [sample_at(smoothed, row["start"] / dt), sample_at(smoothed, row["end"] / dt)]
        row["area"] -= 0.5 * (row["end"] - row["start"]) * (ends[0] + ends[1])
    return table


def sample_at(signal, position):
    """Linear interpolation of `signal` at a fractional index."""
    index = min(int(position), len(signal) - 2)
    return signal[index] + (position - index) * (signal[index + 1] - signal[index])


def cwt_widths(dt):
    low, high = CWT_SCALE_RANGE[0] * EXPECTED_FWHM[0] / dt, CWT_SCALE_RANGE[1] * EXPECTED_FWHM[1] / dt
    return np.geomspace(low, high, CWT_SCALES)


def cwt_locations(y, dt, min_snr=CWT_MIN_SNR, noise_perc=CWT_NOISE_PERC):
    located = find_peaks_cwt(y - np.median(y), cwt_widths(dt), min_snr=min_snr, noise_perc=noise_perc)
    return np.asarray(located, dtype=int)


def cwt_pipeline(y, dt, baseline, corrected):
    """find_peaks_cwt locations; areas as the reference integrates them (apex snapped to the
    nearest local maximum of the corrected trace within a quarter of the narrowest FWHM, since
    peak_widths needs maxima). Retention times are find_peaks_cwt's own locations."""
    locations = cwt_locations(y, dt)
    reach = max(1, int(0.25 * EXPECTED_FWHM[0] / dt))
    snapped = []
    for index in locations:
        low, high = max(0, index - reach), min(len(y), index + reach + 1)
        snapped.append(low + int(np.argmax(corrected[low:high])))
    order = np.argsort(snapped, kind="stable")
    snapped_sorted = np.asarray(snapped, dtype=int)[order]
    with warnings.catch_warnings():  # a location on a shoulder has no prominence of its own
        warnings.filterwarnings("ignore", message="some peaks have")
        table = integrate(snapped_sorted, corrected, y - baseline, dt)
    for row, index in zip(table, locations[order]):
        row["retentionTime"] = float(index * dt)
    return table


def timed(function, repetitions, budget=None):
    """Median wall time (ms) of `repetitions` runs after one warm-up run. With a budget (s), a
    first run longer than budget / (repetitions + 1) is the only run."""
    start = time.perf_counter()
    function()
    first = (time.perf_counter() - start) * 1e3
    if budget is not None and first * (repetitions + 1) > budget * 1e3:
        return {"medianMs": first, "timesMs": [first], "repetitions": 1, "warmup": False,
                "note": f"one run only: {repetitions + 1} runs would exceed {budget:.0f} s"}
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return {"medianMs": float(np.median(times)), "timesMs": times, "repetitions": repetitions, "warmup": True}


def load_set(directory, name):
    folder = pathlib.Path(directory) / name
    truth = json.loads((folder / "truth.json").read_text())
    for chromatogram in truth["chromatograms"]:
        samples = np.fromfile(folder / chromatogram["file"], dtype="<f8")
        yield chromatogram, samples


def run_accuracy(directory, manifest, log):
    methods = {"reference": {}, "cwt": {}}
    for entry in manifest["sets"]:
        name = entry["name"]
        methods["reference"][name], methods["cwt"][name] = [], []
        spent = {"reference": 0.0, "cwt": 0.0}
        for chromatogram, y in load_set(directory, name):
            dt = chromatogram["samplePeriod"]
            start = time.perf_counter()
            table, baseline, corrected = reference_pipeline(y, dt)
            spent["reference"] += time.perf_counter() - start
            methods["reference"][name].append({"file": chromatogram["file"], "peaks": table})
            start = time.perf_counter()
            table = cwt_pipeline(y, dt, baseline, corrected)
            spent["cwt"] += time.perf_counter() - start
            methods["cwt"][name].append({"file": chromatogram["file"], "peaks": table})
        log(f"  {name}: reference {spent['reference'] * 1e3:.0f} ms, find_peaks_cwt {spent['cwt'] * 1e3:.0f} ms "
            "(all traces, one run each)")
    return methods


def run_speed(directory, manifest, log):
    speed = {}
    for chromatogram, y in load_set(directory, manifest["speed"]):
        dt = chromatogram["samplePeriod"]
        figures = {"points": len(y)}
        figures["findPeaksPipeline"] = timed(lambda: find_peaks_pipeline(y, dt), REPETITIONS)
        figures["referenceFull"] = timed(lambda: reference_pipeline(y, dt), REPETITIONS)
        figures["findPeaksCwt"] = timed(lambda: cwt_locations(y, dt), REPETITIONS, budget=CWT_BUDGET_S)
        speed[chromatogram["file"]] = figures
        log(f"  {chromatogram['file']}: find_peaks pipeline {figures['findPeaksPipeline']['medianMs']:.1f} ms, "
            f"full reference {figures['referenceFull']['medianMs']:.1f} ms, "
            f"find_peaks_cwt {figures['findPeaksCwt']['medianMs']:.0f} ms "
            f"({figures['findPeaksCwt']['repetitions']} run(s))")
    return speed


def settings():
    return {
        "expectedFwhmS": EXPECTED_FWHM, "savgolPolyorder": SAVGOL_POLYORDER,
        "savgolWindowFwhmFraction": SAVGOL_FWHM_FRACTION, "snipHalfWindowFwhm": SNIP_HALF_WINDOW_FWHM,
        "snipSamplesPerFwhm": SNIP_SAMPLES_PER_FWHM, "prominenceSigmas": PROMINENCE_SIGMAS,
        "minWidthFwhm": MIN_WIDTH_FWHM, "boundsRelHeight": BOUNDS_REL_HEIGHT, "cwtScales": CWT_SCALES,
        "cwtScaleRangeFwhm": CWT_SCALE_RANGE, "cwtMinSnr": CWT_MIN_SNR, "cwtNoisePerc": CWT_NOISE_PERC, "repetitions": REPETITIONS,
        "cwtBudgetS": CWT_BUDGET_S,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--in", dest="directory", required=True, help="directory written by SignalBench generate")
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--skip-speed", action="store_true", help="accuracy only")
    arguments = parser.parse_args()

    def log(message):
        print(message, file=sys.stderr, flush=True)

    manifest = json.loads((pathlib.Path(arguments.directory) / "manifest.json").read_text())
    log("scipy reference and find_peaks_cwt on the accuracy sets:")
    report = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": settings(),
        "methods": run_accuracy(arguments.directory, manifest, log),
    }
    if not arguments.skip_speed:
        log("scipy speed inputs:")
        report["speed"] = run_speed(arguments.directory, manifest, log)
    pathlib.Path(arguments.out).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
