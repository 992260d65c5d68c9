@testable import Analysis
import Arithmetic
import FiniteMDP
import Foundation
@testable import Plotting
@testable import Reports
import Testing

@Test func pageEscapesTextAndKeepsFiguresInline() throws {
    var page = HTMLPage(title: "R & D <report>")
    page.heading("α < β")
    page.paragraph([.text("see "), .code("a<b>&c")])
    page.figure(ReportFigure(svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", caption: "x < y & \"z\""))
    page.table(header: ["a", "b"], rows: [["<1>", "2"]], numericColumns: [1])
    page.collapsible(summary: "more") { $0.paragraph("inner") }
    let html = page.html
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<title>R &amp; D &lt;report&gt;</title>"))
    #expect(html.contains("<h2>α &lt; β</h2>"))
    #expect(html.contains("<code>a&lt;b&gt;&amp;c</code>"))
    #expect(html.contains("<figcaption>x &lt; y &amp; &quot;z&quot;</figcaption>"))
    #expect(html.contains("<td>&lt;1&gt;</td><td class=\"number\">2</td>"))
    #expect(html.contains("<details><summary>more</summary>\n<p>inner</p>\n</details>"))
}

@Test func toyReportHoldsEveryFigureWithCertifiedNumbersAndNoExternalResources() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let directories = try [
        runs.run("sac1", seed: 1, progress: FakeRuns.sacProgress(returns: [-20, -1, 1])),
        runs.run("sac2", seed: 2, progress: FakeRuns.sacProgress(returns: [-20, 1, 1])),
        runs.run("ada", algorithm: "sac-adaent", progress: FakeRuns.adaEntProgress(returns: [-20, 0, 1], rates: [0, 0.5, 0.2])),
    ]
    let html = try ReportBuilder.html(ReportRequest(mdp: .paperToy, mdpSource: "examples/toy.json", runDirectories: directories))
    // Figures: α sweep, two landscapes, the extension, the policy bars, the toy's learning curves, the surrogate rate.
    #expect(html.components(separatedBy: "<figure>").count - 1 == 7)
    #expect(html.components(separatedBy: "<figcaption>").count == html.components(separatedBy: "<svg ").count)
    for section in ["The exact answer: MaxEnt against the standard optimum at s0", "Q-landscapes over the continuous action",
                    "Entropic bifurcation at s0", "Deep runs: learning curves", "Runs"] {
        #expect(html.contains("<h2>\(section)</h2>"))
    }
    // The certified α* digits (critical-alpha's bracket) and the README's certified π_α(left|s0) at α = 1/5.
    #expect(html.contains("0.86858896391386331568420798157"))
    #expect(html.contains("0.99950991463288609496394419053509"))
    #expect(html.contains("99/100"))
    #expect(html.contains("✓ Standard optimal policy unchanged"))
    // Self-contained: no scripts, no links or sources, no URL but the SVG namespace.
    #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
    // Every inline SVG is well-formed XML.
    var rest = html[...]
    var svgCount = 0
    while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
        #expect(MarkupTree.parse(String(rest[start.lowerBound..<end.upperBound])) != nil)
        svgCount += 1
        rest = rest[end.upperBound...]
    }
    #expect(svgCount == 7)
}

@Test func reportWithoutLayoutOrRunsSaysWhatIsMissing() throws {
    let mdp = try MDP(json: """
        { "format": "maxent-mdp/1", "gamma": "9/10", "initial": "a",
          "states": [ { "name": "a", "actions": [
              { "name": "x", "reward": 1, "next": { "end": 1 } }, { "name": "y", "reward": 0, "next": { "a": 1 } } ] },
            { "name": "end" } ] }
        """)
    let html = try ReportBuilder.html(ReportRequest(mdp: mdp, mdpSource: "two.json"))
    #expect(html.contains("No landscape: the continuous-action layout of the paper&#39;s toy task does not fit two.json"))
    #expect(!html.contains("Deep runs"))
    #expect(html.contains("<h2>Entropic bifurcation at a</h2>"))
}

@Test func badRunsAndStatesAreRefused() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let broken = try runs.run("broken", progress: "env_step,test/reward\n0,1\n1000\n")
    #expect { try ReportBuilder.html(ReportRequest(mdp: .paperToy, mdpSource: "toy", runDirectories: [broken])) } throws: {
        ($0 as? ReportError)?.description == broken + "/progress.csv:3: 1 fields, but the header has 2 columns"
    }
    #expect { try ReportBuilder.html(ReportRequest(mdp: .paperToy, mdpSource: "toy", state: 3)) } throws: {
        ($0 as? ReportError)?.description == "state \"win\" is terminal: it has no policy to report on"
    }
}

@Test func aRequestedTargetTheConstructionRefusesIsAnError() {
    var request = ReportRequest(mdp: .paperToy, mdpSource: "toy")
    request.bifurcationTarget = [Rational(1, 2), Rational(1, 3)]
    #expect { try ReportBuilder.html(request) } throws: { ($0 as? ReportError)?.description.hasPrefix("bifurcation target: ") == true }
}
