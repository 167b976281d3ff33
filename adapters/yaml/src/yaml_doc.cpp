// YAML text -> DocNode through yaml-cpp's event parser (YAML::Parser + YAML::EventHandler).
//
// The event interface, rather than YAML::Load, because it shows what the node graph hides: each
// occurrence of a key (so duplicates can be found; yaml-cpp accepts them), where an alias is used
// (so expansion can be counted and limited), and the document boundaries. yaml-cpp reports a
// Mark{pos, line, column} that is 0-based and counts bytes; we use only `pos`, the byte offset,
// and turn it into a 1-based line and character column with TextPosTracker.
#include "shebao/yaml/yaml_doc.h"
#include "shebao/core/doc_sniff.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace shebao {
namespace {


// The Chinese for a yaml-cpp syntax message (yaml-cpp's are English only; its ErrorMsg
// constants). Messages that end with a detail ("unknown escape character: q") are matched by
// their beginning. Unknown messages get a plain "not valid YAML".
std::string yaml_cpp_message_zh(std::string_view msg) {
  static constexpr std::pair<std::string_view, std::string_view> kMessages[] = {
      {"YAML directives must have exactly one argument", "%YAML 指令必须恰有一个参数"},
      {"bad YAML version", "不支持的 YAML 版本"},
      {"YAML major version too large", "YAML 主版本号过大"},
      {"repeated YAML directive", "%YAML 指令重复"},
      {"TAG directives must have exactly two arguments", "%TAG 指令必须恰有两个参数"},
      {"repeated TAG directive", "%TAG 指令重复"},
      {"illegal character found while scanning tag handle", "标签中有不允许的字符"},
      {"tag handle with no suffix", "标签缺少后缀"},
      {"end of verbatim tag not found", "标签没有结束"},
      {"end of map not found", "映射（键: 值）没有正确结束，请检查缩进"},
      {"end of map flow not found", "花括号 { 没有对应的 }"},
      {"end of sequence not found", "列表没有正确结束，请检查缩进"},
      {"end of sequence flow not found", "方括号 [ 没有对应的 ]"},
      {"cannot assign multiple tags to the same node", "同一个值不能有多个标签"},
      {"cannot assign multiple anchors to the same node", "同一个值不能有多个锚点（&）"},
      {"cannot assign multiple aliases to the same node", "同一个值不能有多个别名（*）"},
      {"aliases can't have any content", "别名（*）后面不能再有内容"},
      {"bad character found while scanning hex number", "十六进制数中有不允许的字符"},
      {"invalid unicode", "无效的 Unicode 转义"},
      {"unknown escape character", "未知的转义字符（\\ 后面的字符）"},
      {"unknown token", "无法识别的内容"},
      {"illegal document indicator in scalar", "值中不能出现文档分隔符（--- 或 ...）"},
      {"illegal EOF in scalar", "值没有结束，文本就结束了（可能缺少引号）"},
      {"illegal character in scalar", "值中有不允许的字符"},
      {"illegal tab when looking for indentation", "缩进中不能使用制表符（Tab），请改用空格"},
      {"illegal flow end", "多余的 ] 或 }"},
      {"illegal block entry", "此处不能开始列表项（-），请检查缩进"},
      {"illegal map key", "此处不能写键，请检查缩进"},
      {"illegal map value", "此处不能写值（多余的冒号？），请检查缩进或给值加引号"},
      {"alias not found after *", "* 后面缺少别名"},
      {"anchor not found after &", "& 后面缺少锚点名"},
      {"illegal character found while scanning alias", "别名中有不允许的字符"},
      {"illegal character found while scanning anchor", "锚点名中有不允许的字符"},
      {"cannot set zero indentation for a block scalar", "块文本的缩进不能为 0"},
      {"unexpected character in block scalar", "块文本中有意外的字符"},
      {"cannot assign the same alias to multiple nodes", "同一个别名不能用于多个值"},
      {"the referenced anchor is not defined", "引用的锚点（&）没有定义"},
      {"invalid scalar", "无效的值"},
      {"invalid character in single-quoted string", "单引号字符串中有不允许的字符"},
      {"invalid anchor", "无效的锚点"},
      {"invalid alias", "无效的别名"},
      {"invalid tag", "无效的标签"},
  };
  for (const auto& [en, zh] : kMessages)
    if (msg.starts_with(en)) return "YAML 格式错误：" + std::string(zh);
  return "YAML 格式错误：此处不是有效的 YAML";
}

std::string hex(unsigned value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*X", digits, value);
  return buf;
}

// YAML's printable characters (YAML 1.2 c-printable), less what no policy text needs.
bool allowed_in_yaml(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  if (cp == 0x7F) return false;
  if (cp >= 0x80 && cp <= 0x9F) return cp == 0x85;
  return cp != 0xFFFE && cp != 0xFFFF;
}

// Checks the whole text before yaml-cpp sees it: yaml-cpp silently turns invalid UTF-8 into
// U+FFFD and guesses UTF-16/32 from NUL bytes. Reports every bad spot (up to max_errors).
bool check_text(std::string_view text, TextPosTracker& where, std::vector<DocError>& errors,
                std::size_t max_errors) {
  const std::size_t n = text.size();
  const auto byte = [&](std::size_t k) -> unsigned { return static_cast<unsigned char>(text[k]); };
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < n && byte(k) >= lo && byte(k) <= hi;
  };
  bool ok = true;
  std::size_t i = 0;
  while (i < n) {
    const unsigned b = byte(i);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (cont(i + 1)) {
        len = 2;
        cp = ((b & 0x1Fu) << 6) | (byte(i + 1) & 0x3Fu);
      }
    } else if (b >= 0xE0 && b <= 0xEF) {
      const unsigned lo = b == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
      const unsigned hi = b == 0xED ? 0x9F : 0xBF;  // no surrogates
      if (cont(i + 1, lo, hi) && cont(i + 2)) {
        len = 3;
        cp = ((b & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu);
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      const unsigned lo = b == 0xF0 ? 0x90 : 0x80;  // no overlong forms
      const unsigned hi = b == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
      if (cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3)) {
        len = 4;
        cp = ((b & 0x07u) << 18) | ((byte(i + 1) & 0x3Fu) << 12) | ((byte(i + 2) & 0x3Fu) << 6) |
             (byte(i + 3) & 0x3Fu);
      }
    }
    if (len == 0) {
      ok = false;
      if (!append_doc_error(errors, max_errors, where.at(i), "invalid_utf8",
                            "invalid UTF-8 byte 0x" + hex(b, 2) + "; the text must be UTF-8",
                            "字节 0x" + hex(b, 2) + " 不是有效的 UTF-8；文本必须是 UTF-8 编码"))
        return false;
      ++i;
      continue;
    }
    if (!allowed_in_yaml(cp)) {
      ok = false;
      if (!append_doc_error(
              errors, max_errors, where.at(i), "invalid_character",
              "character U+" + hex(static_cast<unsigned>(cp), 4) + " is not allowed in YAML text",
              "YAML 文本中不允许出现字符 U+" + hex(static_cast<unsigned>(cp), 4)))
        return false;
    }
    i += len;
  }
  return ok;
}

// Thrown from the event handler to stop parsing; the reason is already in the error list.
struct Abort {};

// Builds the DocNode tree from yaml-cpp's events, checking keys and limits as it goes.
class DocBuilder final : public YAML::EventHandler {
 public:
  DocBuilder(std::string_view text, const DocLimits& limits, TextPosTracker& where,
             std::vector<DocError>& errors)
      : text_(text), limits_(limits), where_(where), errors_(errors) {}

  std::optional<DocNode>& root() { return root_; }

  SourcePos pos(const YAML::Mark& mark) {
    if (mark.is_null() || mark.pos < 0) return {};
    return where_.at(static_cast<std::size_t>(mark.pos));
  }

  void OnDocumentStart(const YAML::Mark& mark) override { doc_pos_ = pos(mark); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    SourcePos p = pos(mark);
    count_node(p);
    // For an empty value yaml-cpp marks the next token, often on a later line: use the key's
    // position (a mapping value) or the document's (an empty document) instead.
    if (!mark.is_null() && !null_literal_at(static_cast<std::size_t>(mark.pos))) {
      if (stack_.empty())
        p = doc_pos_;
      else if (stack_.back().node.is_mapping() && stack_.back().have_key)
        p = stack_.back().key_pos;
    }
    DocNode n;
    n.kind = DocNode::Kind::kNull;
    n.pos = p;
    finish(std::move(n), anchor, nodes_ - 1, 0);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const SourcePos p = pos(mark);
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // yaml-cpp has checked that the anchor exists, so it is still open: `&a [*a]`.
      report(p, "recursive_alias", "this alias refers to a node that contains it",
             "这个别名引用了包含它自己的值");
      count_node(p);
      DocNode n;
      n.pos = p;
      finish(std::move(n), 0, nodes_ - 1, 0);
      return;
    }
    const Anchored& a = it->second;
    if (stack_.size() + a.height > limits_.max_depth)
      fatal(p, "too_deep",
            "expanding this alias nests deeper than " + std::to_string(limits_.max_depth) +
                " levels",
            "展开这个别名后嵌套超过 " + std::to_string(limits_.max_depth) + " 层");
    if (a.nodes > limits_.max_nodes || nodes_ + stored_ > limits_.max_nodes - a.nodes)
      fatal(p, "too_large",
            "expanding this alias makes more than " + std::to_string(limits_.max_nodes) + " nodes",
            "展开这个别名后超过 " + std::to_string(limits_.max_nodes) + " 个值");
    nodes_ += a.nodes;
    DocNode copy = a.node;
    copy.pos = p;
    place(std::move(copy), a.height);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const SourcePos p = pos(mark);
    count_node(p);
    DocNode n;
    n.kind = DocNode::Kind::kScalar;
    n.pos = p;
    n.text = value;
    // yaml-cpp gives a scalar with no tag the non-specific tag "?" when plain and "!" when
    // quoted or block (| >); an explicit `!` is the same as quoting.
    if (tag == "?") {
      n.style = DocNode::Style::kPlain;
    } else {
      n.style = DocNode::Style::kQuoted;
      if (tag != "!") unsupported_tag(p, tag);
      if (!mark.is_null() && !quote_closed(static_cast<std::size_t>(mark.pos)))
        report(p, "yaml_syntax", "quoted scalar has no closing quote", "YAML 格式错误：引号没有闭合");
    }
    finish(std::move(n), anchor, nodes_ - 1, 0);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(DocNode::Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(DocNode::Kind::kMapping, mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    DocNode node;                  // the sequence or mapping being filled
    YAML::anchor_t anchor = 0;     // its anchor, 0 if none
    std::size_t nodes_before = 0;  // nodes_ before it opened
    std::size_t height = 1;        // nesting levels in it so far (itself included)
    // Mappings: the key waiting for its value.
    bool have_key = false;
    bool keep_value = false;  // false when the key was rejected: its value is dropped
    std::string key;
    SourcePos key_pos;
    std::unordered_map<std::string, SourcePos> seen;  // keys so far -> first occurrence
  };
  // A completed anchored node, copied for each alias to it.
  struct Anchored {
    DocNode node;
    std::size_t nodes = 0;   // nodes in it, counted as nodes_ counts them
    std::size_t height = 0;  // nesting levels in it (0 for a scalar)
  };

  void report(SourcePos p, std::string code, std::string message, std::string message_zh) {
    if (!append_doc_error(errors_, limits_.max_errors, p, std::move(code), std::move(message),
                          std::move(message_zh)))
      throw Abort{};
  }
  [[noreturn]] void fatal(SourcePos p, std::string code, std::string message,
                          std::string message_zh) {
    append_doc_error(errors_, limits_.max_errors, p, std::move(code), std::move(message),
                     std::move(message_zh));
    throw Abort{};
  }

  void count_node(SourcePos p) {
    ++nodes_;
    if (nodes_ + stored_ > limits_.max_nodes)
      fatal(p, "too_large",
            "the document has more than " + std::to_string(limits_.max_nodes) +
                " nodes (aliases expanded)",
            "文档中的值超过 " + std::to_string(limits_.max_nodes) + " 个（别名按展开计算）");
  }

  void unsupported_tag(SourcePos p, const std::string& tag) {
    // yaml-cpp hands `!!str` over resolved; show it as written.
    constexpr std::string_view kCore = "tag:yaml.org,2002:";
    const std::string shown = tag.starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
    report(p, "unsupported_tag",
           "explicit tag '" + shown + "' is not supported; write the value plainly or quote it",
           "不支持标签“" + shown + "”；请直接写出值，或给值加引号");
  }

  // Whether the text at `offset` is a plain null (`~`, `null`, `Null`, `NULL`), as opposed to
  // an empty value whose mark points at whatever follows.
  bool null_literal_at(std::size_t offset) const {
    if (offset >= text_.size()) return false;
    const std::string_view rest = text_.substr(offset);
    for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
      if (!rest.starts_with(word)) continue;
      if (rest.size() == word.size()) return true;
      const char next = rest[word.size()];
      return next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == ',' ||
             next == ']' || next == '}';
    }
    return false;
  }

  // yaml-cpp 0.7 accepts a quoted scalar that runs to the end of the text without its closing
  // quote (taking the rest of the file as its value). Whether the scalar starting at `offset`
  // (after any `!tag` / `&anchor`) is quoted and closed; true for other scalars.
  bool quote_closed(std::size_t offset) const {
    const std::size_t n = text_.size();
    std::size_t i = offset;
    while (i < n && (text_[i] == '!' || text_[i] == '&')) {
      while (i < n && text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\r' && text_[i] != '\n')
        ++i;
      while (i < n && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' || text_[i] == '\n'))
        ++i;
    }
    if (i >= n || (text_[i] != '"' && text_[i] != '\'')) return true;
    const char quote = text_[i++];
    while (i < n) {
      if (quote == '"' && text_[i] == '\\') {
        i += 2;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < n && text_[i + 1] == '\'') {
          i += 2;  // '' is a quote inside a single-quoted scalar
        } else {
          return true;
        }
      } else {
        ++i;
      }
    }
    return false;
  }

  void open(DocNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
            YAML::anchor_t anchor) {
    const SourcePos p = pos(mark);
    count_node(p);
    if (stack_.size() >= limits_.max_depth)
      fatal(p, "too_deep",
            "sequences and mappings are nested deeper than " + std::to_string(limits_.max_depth) +
                " levels",
            "列表和映射的嵌套超过 " + std::to_string(limits_.max_depth) + " 层");
    if (tag != "?") unsupported_tag(p, tag);
    Frame f;
    f.node.kind = kind;
    f.node.pos = p;
    f.anchor = anchor;
    f.nodes_before = nodes_ - 1;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor, f.nodes_before, f.height);
  }

  // A node is complete: remember it if anchored, then put it in its parent.
  void finish(DocNode&& n, YAML::anchor_t anchor, std::size_t nodes_before, std::size_t height) {
    if (anchor != 0) {
      const std::size_t size = nodes_ - nodes_before;
      stored_ += size;  // the copy kept for aliases costs memory too
      if (nodes_ + stored_ > limits_.max_nodes)
        fatal(n.pos, "too_large",
              "the document has more than " + std::to_string(limits_.max_nodes) +
                  " nodes (aliases expanded)",
              "文档中的值超过 " + std::to_string(limits_.max_nodes) + " 个（别名按展开计算）");
      anchors_.insert_or_assign(anchor, Anchored{n, size, height});
    }
    place(std::move(n), height);
  }

  void place(DocNode&& n, std::size_t height) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = stack_.back();
    f.height = std::max(f.height, height + 1);
    if (f.node.is_sequence()) {
      f.node.items.push_back(std::move(n));
    } else if (!f.have_key) {
      take_key(f, std::move(n));
    } else {
      if (f.keep_value)
        f.node.entries.push_back(DocEntry{std::move(f.key), f.key_pos, std::move(n)});
      f.have_key = false;
      f.keep_value = false;
      f.key.clear();
    }
  }

  void take_key(Frame& f, DocNode&& n) {
    f.have_key = true;
    f.keep_value = false;
    f.key_pos = n.pos;
    if (!n.is_scalar()) {
      report(n.pos, "non_scalar_key",
             n.is_null() ? "a mapping key must not be null"
                         : std::string("a mapping key must be a scalar, not a ") +
                               (n.is_sequence() ? "sequence" : "mapping"),
             n.is_null() ? "键不能为空"
                         : std::string("键必须是单个值，不能是") + (n.is_sequence() ? "列表" : "映射"));
      return;
    }
    if (n.style == DocNode::Style::kPlain && n.text == "<<") {
      report(n.pos, "merge_key", "merge keys ('<<') are not supported; write the entries out",
             "不支持合并键（<<），请把各项写出");
      return;
    }
    const auto [it, inserted] = f.seen.try_emplace(n.text, n.pos);
    if (!inserted) {
      report(n.pos, "duplicate_key",
             "duplicate key '" + n.text + "' (first at " + doc_pos_text(it->second) + ")",
             "键“" + n.text + "”重复（第一次出现在" + doc_pos_text_zh(it->second) + "）");
      return;
    }
    f.key = std::move(n.text);
    f.keep_value = true;
  }

  std::string_view text_;
  const DocLimits& limits_;
  TextPosTracker& where_;
  std::vector<DocError>& errors_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::optional<DocNode> root_;
  SourcePos doc_pos_{1, 1};
  std::size_t nodes_ = 0;   // nodes and keys in the tree, aliases expanded
  std::size_t stored_ = 0;  // nodes held in anchor copies
};

// Thrown by SecondDocumentProbe when the stream goes on after the first document.
struct SecondDocument {
  YAML::Mark mark;
};

class SecondDocumentProbe final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { throw SecondDocument{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

DocParse parse_yaml_checked(std::string_view text, const DocLimits& limits) {
  DocParse out;
  if (!within_size_limit(text, limits, out.errors)) return out;
  text = strip_bom(text);
  TextPosTracker where(text);
  if (!check_text(text, where, out.errors, limits.max_errors)) return out;

  std::istringstream in{std::string(text)};
  DocBuilder builder(text, limits, where, out.errors);
  bool have_document = false;
  try {
    YAML::Parser parser(in);
    have_document = parser.HandleNextDocument(builder);
    if (have_document) {
      SecondDocumentProbe probe;
      try {
        parser.HandleNextDocument(probe);
      } catch (const SecondDocument& second) {
        append_doc_error(out.errors, limits.max_errors, builder.pos(second.mark),
                         "multiple_documents",
                         "a second document starts here; put one document in each file",
                         "这里开始了第二个文档；一个文件只能有一个文档");
      }
    }
  } catch (const Abort&) {
    // Reported where it happened.
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (about 500 levels; its message says only "bad file"). Reached only
    // when max_depth is set above it.
    append_doc_error(
        out.errors, limits.max_errors, builder.pos(e.mark), "too_deep",
        "nesting deeper than the YAML parser allows (" + std::to_string(e.depth()) + " levels)",
        "嵌套超过 YAML 解析器允许的层数（" + std::to_string(e.depth()) + " 层）");
  } catch (const YAML::Exception& e) {
    append_doc_error(out.errors, limits.max_errors, builder.pos(e.mark), "yaml_syntax", e.msg,
                     yaml_cpp_message_zh(e.msg));
  } catch (const std::bad_alloc&) {
    append_doc_error(out.errors, limits.max_errors, {}, "too_large", "out of memory while parsing",
                     "解析时内存不足");
  }

  if (out.errors.empty()) {
    if (have_document && builder.root()) {
      out.root = std::move(builder.root());
    } else {
      DocNode empty;
      empty.pos = {1, 1};
      out.root = std::move(empty);
    }
  }
  return out;
}

}  // namespace

DocParse parse_yaml(std::string_view text, const DocLimits& limits) {
  return parse_guarded("YAML", [&] { return parse_yaml_checked(text, limits); });
}

DocParse load_yaml_file(const std::string& path, const DocLimits& limits) {
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      return single_doc_error({}, "io", "cannot read '" + path + "': it is a directory",
                          "无法读取“" + path + "”：这是文件夹");
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      const int err = errno;
      return single_doc_error(
          {}, "io",
          "cannot open '" + path + "': " +
              (err != 0 ? std::generic_category().message(err) : std::string("unknown error")),
          "无法打开“" + path + "”" +
              (err == ENOENT ? "：文件不存在" : err == EACCES ? "：没有读取权限" : ""));
    }
    std::string text;
    char buf[1 << 16];
    // Stop reading soon after the limit: parse_yaml then reports `too_large`.
    while (text.size() <= limits.max_bytes && (in.read(buf, sizeof buf) || in.gcount() > 0))
      text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return single_doc_error({}, "io", "cannot read '" + path + "'", "无法读取“" + path + "”");
    return parse_yaml(text, limits);
  } catch (const std::bad_alloc&) {
    return single_doc_error({}, "too_large", "out of memory while reading '" + path + "'",
                        "读取“" + path + "”时内存不足");
  } catch (const std::exception& e) {
    return single_doc_error({}, "io", "cannot read '" + path + "': " + e.what(), "无法读取“" + path + "”");
  }
}

}  // namespace shebao
