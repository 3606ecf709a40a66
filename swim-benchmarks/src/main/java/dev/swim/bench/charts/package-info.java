/**
 * The charts of docs/benchmarks.md, drawn as plain SVG from the result files under docs/results.
 *
 * <p>{@code Charts} lists every chart with the result files it reads and writes them to docs/images
 * ({@code java -jar swim-benchmarks.jar charts}); a test draws them again and fails when a
 * checked-in image differs from what its data gives. The output is deterministic: fixed number
 * formatting, no timestamps, series and files in a fixed order, so the same data gives the same
 * bytes. {@code Chart} draws line charts and histograms with axes, ticks, a legend and notes;
 * {@code Svg} writes the elements and escapes every text.
 */
package dev.swim.bench.charts;
