import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element, for asserting what an SVG or XHTML fragment contains.
final class MarkupElement {
    let name: String
    let attributes: [String: String]
    var children: [MarkupElement] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// Every element below this one (depth first, document order).
    var descendants: [MarkupElement] { children.flatMap { [$0] + $0.descendants } }

    func all(_ name: String? = nil, class className: String? = nil) -> [MarkupElement] {
        descendants.filter { element in
            (name == nil || element.name == name) && (className == nil || element.classes.contains(className!))
        }
    }

    /// The text of this element and everything inside it.
    var allText: String { text + children.map(\.allText).joined() }
}

/// Parses well-formed XML; nil (and the parser's complaint in `error`) when it is not.
final class MarkupTree: NSObject, XMLParserDelegate {
    private var stack: [MarkupElement] = []
    private(set) var root: MarkupElement?

    static func parse(_ markup: String) -> MarkupElement? {
        let tree = MarkupTree()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = tree
        guard parser.parse() else { return nil }
        return tree.root
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = MarkupElement(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}
