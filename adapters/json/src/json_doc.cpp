// JSON text -> DocNode through Boost.JSON's SAX parser, boost::json::basic_parser<Handler>.
//
// basic_parser rather than boost::json::parse: a json::value keeps only one of two equal keys and
// turns numbers into int64/uint64/double, while the handler sees every key and the number text
// as written. Boost.JSON does the strict validation (UTF-8, no comments, no trailing commas, no
// NaN, max_depth); the handler checks duplicate keys and the node limit.
//
// Positions: the handler's events do not carry offsets, so TokenCursor walks the text in step
// with them: each event that starts a value or a key (`{`, `[`, a string, a number, a literal)
// corresponds, in order, to the next token start in the text. On a syntax error, write_some
// returns the offset where parsing stopped.
#include "shebao/json/json_doc.h"
#include "shebao/core/doc_sniff.h"
#include "shebao/core/text.h"
#include "json_sax.h"

#include <cstdio>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>

namespace shebao {
namespace {

namespace json = boost::json;

using json_internal::TokenCursor;

// The basic_parser handler: builds the DocNode tree.
class DocBuilder : public json_internal::SaxHandler<DocBuilder> {
  friend class json_internal::SaxHandler<DocBuilder>;  // calls number()

 public:
  DocBuilder(std::string_view text, const DocLimits& limits, TextPosTracker& where,
             std::vector<DocError>& errors)
      : cursor_(text), limits_(limits), where_(where), errors_(errors) {}

  std::optional<DocNode>& root() { return root_; }
  bool stopped() const { return stopped_; }
  SourcePos last_pos() { return where_.at(cursor_.last()); }

  bool on_array_begin(json::error_code& ec) { return open(DocNode::Kind::kSequence, ec); }
  bool on_array_end(std::size_t, json::error_code& ec) { return close(ec); }
  bool on_object_begin(json::error_code& ec) { return open(DocNode::Kind::kMapping, ec); }
  bool on_object_end(std::size_t, json::error_code& ec) { return close(ec); }

  bool on_string(json::string_view s, std::size_t, json::error_code& ec) {
    buf_.append(s.data(), s.size());
    return scalar(DocNode::Kind::kScalar, DocNode::Style::kQuoted, ec);
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    buf_.append(s.data(), s.size());
    return key(ec);
  }
  bool on_bool(bool b, json::error_code& ec) {
    buf_ = b ? "true" : "false";
    return scalar(DocNode::Kind::kScalar, DocNode::Style::kBool, ec);
  }
  bool on_null(json::error_code& ec) {
    return scalar(DocNode::Kind::kNull, DocNode::Style::kPlain, ec);
  }

 private:
  struct Frame {
    DocNode node;  // the array or object being filled
    // Objects: the key waiting for its value.
    bool have_key = false;
    bool keep_value = false;  // false after a duplicate key: its value is dropped
    std::string key;
    SourcePos key_pos;
    std::unordered_map<std::string, SourcePos> seen;  // keys so far -> first occurrence
  };

  // Stops the parse; the reason is already in the error list.
  bool stop(json::error_code& ec) {
    stopped_ = true;
    ec = json::error::exception;
    return false;
  }

  // Records an error; false (stop) once max_errors is reached.
  bool report(SourcePos p, std::string code, std::string message, std::string message_zh,
              json::error_code& ec) {
    if (append_doc_error(errors_, limits_.max_errors, p, std::move(code), std::move(message),
                         std::move(message_zh)))
      return true;
    return stop(ec);
  }

  // Counts a node or key; false (stop) past max_nodes.
  bool count(SourcePos p, json::error_code& ec) {
    if (++nodes_ <= limits_.max_nodes) return true;
    append_doc_error(
        errors_, limits_.max_errors, p, "too_large",
        "the document has more than " + std::to_string(limits_.max_nodes) + " values and keys",
        "文档中的值和键超过 " + std::to_string(limits_.max_nodes) + " 个");
    return stop(ec);
  }

  bool open(DocNode::Kind kind, json::error_code& ec) {
    const SourcePos p = where_.at(cursor_.next());
    if (!count(p, ec)) return false;
    Frame f;
    f.node.kind = kind;
    f.node.pos = p;
    stack_.push_back(std::move(f));
    return true;
  }

  bool close(json::error_code&) {
    DocNode n = std::move(stack_.back().node);
    stack_.pop_back();
    place(std::move(n));
    return true;
  }

  bool number(json::string_view last_part, json::error_code& ec) {
    buf_.append(last_part.data(), last_part.size());
    return scalar(DocNode::Kind::kScalar, DocNode::Style::kNumber, ec);
  }

  bool scalar(DocNode::Kind kind, DocNode::Style style, json::error_code& ec) {
    const SourcePos p = where_.at(cursor_.next());
    if (!count(p, ec)) return false;
    DocNode n;
    n.kind = kind;
    n.style = style;
    n.pos = p;
    n.text = std::move(buf_);
    buf_.clear();
    place(std::move(n));
    return true;
  }

  bool key(json::error_code& ec) {
    const SourcePos p = where_.at(cursor_.next());
    std::string text = std::move(buf_);
    buf_.clear();
    if (!count(p, ec)) return false;
    Frame& f = stack_.back();
    f.have_key = true;
    f.keep_value = false;
    f.key_pos = p;
    const auto [it, inserted] = f.seen.try_emplace(text, p);
    if (!inserted)
      return report(p, "duplicate_key",
                    "duplicate key \"" + text + "\" (first at " + doc_pos_text(it->second) + ")",
                    "键“" + text + "”重复（第一次出现在" + doc_pos_text_zh(it->second) + "）", ec);
    f.key = std::move(text);
    f.keep_value = true;
    return true;
  }

  void place(DocNode&& n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = stack_.back();
    if (f.node.is_sequence()) {
      f.node.items.push_back(std::move(n));
      return;
    }
    if (f.keep_value) f.node.entries.push_back(DocEntry{std::move(f.key), f.key_pos, std::move(n)});
    f.have_key = false;
    f.keep_value = false;
    f.key.clear();
  }

  TokenCursor cursor_;
  const DocLimits& limits_;
  TextPosTracker& where_;
  std::vector<DocError>& errors_;
  std::vector<Frame> stack_;
  std::optional<DocNode> root_;
  std::size_t nodes_ = 0;
  bool stopped_ = false;
};

// "']'", "byte 0xFF", "the end of the text": what the parser stopped at, for the message.
std::string describe_at(std::string_view text, std::size_t offset, Lang lang) {
  if (offset >= text.size()) return lang == Lang::kZh ? "文本末尾" : "the end of the text";
  const auto c = static_cast<unsigned char>(text[offset]);
  char buf[32];
  if (c >= 0x21 && c < 0x7F)
    std::snprintf(buf, sizeof buf, lang == Lang::kZh ? "“%c”" : "'%c'", static_cast<char>(c));
  else
    std::snprintf(buf, sizeof buf, lang == Lang::kZh ? "字节 0x%02X" : "byte 0x%02X", static_cast<unsigned>(c));
  return buf;
}

// The Chinese for one of Boost.JSON's error codes (its own messages are English only).
std::string boost_error_zh(json::error_code ec) {
  if (ec == json::error::illegal_leading_surrogate || ec == json::error::illegal_trailing_surrogate ||
      ec == json::error::expected_utf16_escape)
    return "\\u 转义不是有效的 Unicode 字符（代理项不成对）";
  if (ec == json::error::expected_hex_digit) return "\\u 后面应是 4 位十六进制数字";
  if (ec == json::error::exponent_overflow) return "数字太大";
  if (ec == json::error::object_too_large || ec == json::error::array_too_large ||
      ec == json::error::key_too_large || ec == json::error::string_too_large)
    return "内容太长";
  return "不是有效的 JSON";
}

DocParse parse_json_checked(std::string_view text, const DocLimits& limits) {
  DocParse out;
  if (!within_size_limit(text, limits, out.errors)) return out;
  text = strip_bom(text);
  TextPosTracker where(text);

  json::parse_options options;  // strict: no comments, no trailing commas, UTF-8 only
  options.max_depth = limits.max_depth;
  json::basic_parser<DocBuilder> parser(options, text, limits, where, out.errors);
  json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  DocBuilder& builder = parser.handler();

  if (builder.stopped()) {
    // Reported where it happened.
  } else if (ec == json::error::too_deep) {
    append_doc_error(out.errors, limits.max_errors, where.at(used), "too_deep",
                     "arrays and objects are nested deeper than " +
                         std::to_string(limits.max_depth) + " levels",
                     "数组和对象的嵌套超过 " + std::to_string(limits.max_depth) + " 层");
  } else if (ec == json::error::incomplete) {
    append_doc_error(out.errors, limits.max_errors, where.at(used), "json_syntax",
                     "the text ends before the JSON value is complete",
                     "JSON 内容不完整：文本在结束之前就断了（可能缺少 } 或 ]）");
  } else if (ec == json::error::syntax) {
    append_doc_error(out.errors, limits.max_errors, where.at(used), "json_syntax",
                     "invalid JSON at " + describe_at(text, used, Lang::kEn),
                     "JSON 格式错误：此处不应出现" + describe_at(text, used, Lang::kZh));
  } else if (ec) {
    append_doc_error(out.errors, limits.max_errors, where.at(used), "json_syntax",
                     "invalid JSON at " + describe_at(text, used, Lang::kEn) + ": " + ec.message(),
                     "JSON 格式错误：" + boost_error_zh(ec) + "（" + describe_at(text, used, Lang::kZh) + "）");
  } else if (used < text.size()) {
    append_doc_error(out.errors, limits.max_errors, where.at(used), "json_syntax",
                     "unexpected " + describe_at(text, used, Lang::kEn) + " after the JSON value",
                     "JSON 值结束后还有多余的内容（" + describe_at(text, used, Lang::kZh) + "）");
  }
  if (out.errors.empty() && builder.root()) out.root = std::move(builder.root());
  if (out.errors.empty() && !out.root)  // cannot happen: a clean parse has a value
    out.errors.push_back({{}, "internal", "the JSON parser produced no value", "JSON 解析器没有得到任何值"});
  return out;
}

}  // namespace

DocParse parse_json(std::string_view text, const DocLimits& limits) {
  return parse_guarded("JSON", [&] { return parse_json_checked(text, limits); });
}

}  // namespace shebao
