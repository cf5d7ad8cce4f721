#pragma once

// Validating the charts' SVG with libxml2: strict parsing (no recovery, no
// network, no entity substitution, no DTD loading) and XPath queries with
// the prefix `s` bound to the SVG namespace.

#include <memory>
#include <string>
#include <vector>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

namespace timeless::testing {

class xml_doc {
 public:
  /// Parses `text`; `ok()` tells whether it is well-formed XML, `error()`
  /// what libxml2 found otherwise.
  explicit xml_doc(const std::string& text) {
    xmlResetLastError();
    doc_ = xmlReadMemory(
        text.data(), static_cast<int>(text.size()), "chart.svg", nullptr,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc_) {
      auto e = xmlGetLastError();
      error_ = e && e->message ? e->message : "unknown error";
      if (e)
        error_ += " (line " + std::to_string(e->line) + ")";
    }
  }

  ~xml_doc() {
    if (doc_)
      xmlFreeDoc(doc_);
  }

  xml_doc(const xml_doc&) = delete;
  xml_doc& operator=(const xml_doc&) = delete;

  bool ok() const { return doc_ != nullptr; }

  const std::string& error() const { return error_; }

  /// The string values of the nodes `xpath` selects (empty for none, or
  /// when the document did not parse).
  std::vector<std::string> strings(const std::string& xpath) const {
    std::vector<std::string> out;
    if (!doc_)
      return out;
    auto ctx = xmlXPathNewContext(doc_);
    xmlXPathRegisterNs(ctx, BAD_CAST "s",
                       BAD_CAST "http://www.w3.org/2000/svg");
    auto res = xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx);
    if (res && res->nodesetval)
      for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
        auto s = xmlXPathCastNodeToString(res->nodesetval->nodeTab[i]);
        out.emplace_back(reinterpret_cast<const char*>(s));
        xmlFree(s);
      }
    if (res)
      xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return out;
  }

  size_t count(const std::string& xpath) const { return strings(xpath).size(); }

  /// The single string `xpath` selects, or "<none>" / "<many>".
  std::string one(const std::string& xpath) const {
    auto v = strings(xpath);
    return v.size() == 1 ? v[0] : v.empty() ? "<none>" : "<many>";
  }

 private:
  xmlDocPtr doc_ = nullptr;
  std::string error_;
};

} // namespace timeless::testing
