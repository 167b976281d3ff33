// Every text the pack compiler writes itself, in Chinese and English (see wording.h). English
// messages keep the wording tools and tests have always seen; Chinese is the default of
// `policies lint` (DECISIONS.md "Pack lint").
#include "policy/wording.h"

#include <array>
#include <utility>

#include "policy/compiler.h"
#include "shebao/eval/evaluator.h"

namespace shebao::internal {

namespace {

using S = std::string;
S q(std::string_view s) { return "'" + S(s) + "'"; }   // English quotes
S b(std::string_view s) { return "「" + S(s) + "」"; }  // Chinese quotes

// The nouns the compiler passes as `what`; a string not listed is a key name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 32> kNouns = {{
    {"a policy file", "政策文件"},  {"pack.yaml", "pack.yaml"},      {"rule", "规则"},
    {"check", "检查项"},            {"constraint", "约束"},          {"transfer", "转移接续"},
    {"warning", "提示"},            {"detail", "明细"},              {"option", "缴费选项"},
    {"citation", "引用"},           {"source", "来源（source）"},    {"then", "结论（then）"},
    {"contribution", "缴费（contribution）"}, {"rule id", "规则 id"}, {"check id", "检查项 id"},
    {"constraint id", "约束 id"},   {"transfer id", "转移接续 id"},  {"option id", "缴费选项 id"},
    {"detail id", "明细 id"},       {"warning code", "提示代码"},    {"detail value", "明细的值"},
    {"option base", "缴费选项的 base"}, {"option rate", "缴费选项的 rate"},
    {"fixed_annual id", "fixed_annual 的 id"}, {"fixed_annual.amount", "fixed_annual 的 amount"}, {"option annual", "缴费选项的 annual"}, {"step", "办理步骤"},
    {"alternative", "备选险种"},    {"retirement", "退休（retirement）"}, {"scheme", "险种"},
    {"relationship", "用工关系"},   {"parameter", "参数"},
}};

}  // namespace

What::What(std::string s) {
  for (const auto& [e, z] : kNouns)
    if (e == s) {
      zh = S(z);
      en = std::move(s);
      return;
    }
  zh = b(s);
  en = std::move(s);
}

namespace wording {

// ---- nouns ----
What item_named(std::string_view kind, std::string_view id) {
  return Text{What(S(kind)).zh + b(id), S(kind) + " " + q(id)};
}
What parameter_named(std::string_view id) { return Text{"参数" + b(id), "parameter " + q(id)}; }
What document_named(std::string_view key) { return Text{"文件" + b(key), "document " + q(key)}; }
What by_region_named(std::string_view code) { return Text{"by_region " + b(code), "by_region " + q(code)}; }
What value_of(std::string_view param, std::string_view date) {
  return Text{"参数" + b(param) + "自 " + S(date) + " 起的数值", "value of " + q(param) + " from " + S(date)};
}
Text ancestor_item() { return {"上级包中的条目", "an item of an ancestor pack"}; }
Text ancestor_rule(std::string_view scheme) {
  return {"上级包中 " + S(scheme) + " 的规则", "a rule of " + S(scheme) + " in an ancestor pack"};
}

// ---- shapes ----
Text must_be_mapping(const What& w) { return {w.zh + "须为映射（键: 值）", w.en + " must be a mapping (key: value)"}; }
Text must_be_single(const What& w) { return {w.zh + "须为单个值", w.en + " must be a single value"}; }
Text must_be_bool(const What& w) { return {w.zh + "须为 true 或 false", w.en + " must be true or false"}; }
Text must_be_expression(const What& w) {
  return {w.zh + "须为一个表达式（单个值）", w.en + " must be an expression (a single value)"};
}
Text must_be_list(std::string_view what, std::string_view of_en, std::string_view of_zh) {
  if (of_en.empty()) return {b(what) + "须为列表", S(what) + " must be a list"};
  return {b(what) + "须为由 " + S(of_zh) + " 组成的列表", S(what) + " must be a list of " + S(of_en)};
}
Text must_be_duration(const What& w) {
  return {w.zh + "须为时长，如 60y 或 6m", w.en + " must be a duration such as 60y or 6m"};
}
Text must_be_integer(const What& w, int lo, int hi) {
  const S l = std::to_string(lo), h = std::to_string(hi);
  return {w.zh + "须为 " + l + " 至 " + h + " 的整数", w.en + " must be a whole number from " + l + " to " + h};
}
Text needs_key(const What& w, std::string_view key) {
  return {w.zh + "缺少" + b(key), w.en + " needs " + q(key)};
}
Text unknown_key(std::string_view key, const What& w, std::string_view allowed) {
  return {w.zh + "中的键" + b(key) + "未知（允许：" + S(allowed) + "）",
          "unknown key " + q(key) + " in " + w.en + " (allowed: " + S(allowed) + ")"};
}
Text invalid_id(const What& w, std::string_view id) {
  return {w.zh + b(id) + "只能由小写字母、数字、'-'、'_' 或 '.' 组成",
          w.en + " " + q(id) + " must be lower-case letters, digits, '-', '_' or '.'"};
}
Text invalid_utf8_text() { return {"文本不是有效的 UTF-8", "text is not valid UTF-8"}; }
Text invalid_utf8_key() { return {"键不是有效的 UTF-8", "key is not valid UTF-8"}; }
Text documents_mapping() {
  return {"documents 须为「键: {number, title}」的映射", "documents must be a mapping of key: {number, title}"};
}
Text parameters_mapping() {
  return {"parameters 须为「id: {type, label, values}」的映射", "parameters must be a mapping of id: {type, label, values}"};
}
Text values_mapping() {
  return {"values 须为「日期: {value, verified, source}」的映射", "values must be a mapping of date: {value, verified, source}"};
}
Text by_region_mapping() {
  return {"by_region 须为「地区代码: {values}」的映射", "by_region must be a mapping of region code: {values}"};
}
Text schemes_mapping() {
  return {"schemes 须为「险种 id: {name, rules}」的映射", "schemes must be a mapping of scheme id: {name, rules}"};
}
Text relationships_mapping() {
  return {"relationships 须为「用工关系 id: {label, explanation, cite}」的映射",
          "relationships must be a mapping of relationship id: {label, explanation, cite}"};
}
Text steps_list() { return {"steps 须为由 {zh, en} 组成的非空列表", "steps must be a non-empty list of {zh, en}"}; }
Text citation_list() {
  return {"cite 须为由 {document, article} 组成的非空列表", "'cite' must be a non-empty list of {document, article}"};
}

// ---- packs and links ----
Text no_packs() { return {"没有找到任何政策包", "no policy packs were found"}; }
Text missing_pack_yaml(std::string_view dir) {
  return {"政策包文件夹" + b(dir) + "中没有 pack.yaml", "pack folder " + q(dir) + " has no pack.yaml"};
}
Text pack_id(std::string_view id, std::string_view dir) {
  return {"包 id" + b(id) + "须与其文件夹名" + b(dir) + "相同", "pack id " + q(id) + " must equal its folder name " + q(dir)};
}
Text bad_jurisdiction(std::string_view code) {
  return {"管辖地区" + b(code) + "须为 \"000000\"、省级代码（xx0000）或地市级代码（xxxx00）",
          "jurisdiction " + q(code) + " must be \"000000\", a province (xx0000) or a prefecture (xxxx00) code"};
}
Text duplicate_pack(std::string_view id) { return {"政策包" + b(id) + "出现了两次", "pack " + q(id) + " appears twice"}; }
Text needs_parent(std::string_view id) {
  return {"政策包" + b(id) + "需要 parent（只有全国包没有上级）", "pack " + q(id) + " needs a parent (only the national pack has none)"};
}
Text two_national_packs(std::string_view a, std::string_view c) {
  return {"有两个全国包：" + b(a) + "和" + b(c), "two national packs: " + q(a) + " and " + q(c)};
}
Text no_such_parent(std::string_view parent) {
  return {"上级包" + b(parent) + "不存在", "parent pack " + q(parent) + " does not exist"};
}
Text outside_parent(std::string_view code, std::string_view parent_code) {
  return {"管辖地区 " + S(code) + " 不在上级包的管辖地区 " + S(parent_code) + " 之内",
          "jurisdiction " + S(code) + " is not inside its parent's " + S(parent_code)};
}
Text no_national_pack() {
  return {"没有找到全国包（jurisdiction \"000000\"，无 parent）", "no national pack (jurisdiction \"000000\", no parent) was found"};
}
Text pack_cycle(std::string_view id) {
  return {"政策包的上下级关系经过" + b(id) + "形成了循环", "packs form a cycle through " + q(id)};
}
Text duplicate_document(std::string_view key, std::string_view ancestor) {
  return {"文件键" + b(key) + "已由上级包" + b(ancestor) + "声明",
          "document key " + q(key) + " is already declared by ancestor pack " + q(ancestor)};
}
Text issued_not_date(std::string_view issued) {
  return {"issued" + b(issued) + "不是 YYYY-MM-DD 格式的日期", "issued " + q(issued) + " is not a date YYYY-MM-DD"};
}
Text unknown_document(std::string_view key) {
  return {"文件" + b(key) + "未在本包或上级包的 pack.yaml 中声明",
          "document " + q(key) + " is not declared in pack.yaml of this pack or an ancestor"};
}
Text missing_citation(const What& w) {
  return {w.zh + "没有 cite：每个结论都须引用其政策依据", w.en + " has no 'cite': every conclusion must cite its policy"};
}
Text placement_twice(const What& kind) {
  return {kind.zh + "只能使用 overrides、before、after 中的一个", "a " + kind.en + " takes at most one of overrides, before, after"};
}
Text placement_in_national() {
  return {"全国包没有上级包：不能使用 overrides/before/after",
          "the national pack has no parent: overrides/before/after are not allowed"};
}
Text unknown_target(std::string_view how, std::string_view target, const Text& what) {
  return {S(how) + " " + b(target) + "，但它不是" + what.zh, S(how) + " " + q(target) + ", which is not " + what.en};
}
Text added_citations_in_national() {
  return {"全国包没有上级包：不能使用 add_citations（全国包的条目直接引用全国性文件）",
          "the national pack has no parent: add_citations is not allowed (its items cite national documents "
          "directly)"};
}
Text unknown_added_target(std::string_view target) {
  return {"add_citations 的 to " + b(target) + " 不是上级包中的规则、转移接续或用工关系（<包>/<险种>/<规则>、"
              "<包>/transfers/<id>、cn/relationships/<关系>）",
          "add_citations to " + q(target) + ", which is not a rule, transfer or relationship of an ancestor pack "
              "(<pack>/<scheme>/<rule>, <pack>/transfers/<id>, cn/relationships/<relationship>)"};
}
Text added_twice(std::string_view target) {
  return {"本包已为 " + b(target) + " 添加过引用：合并为一项", "citations are added to " + q(target) +
                                                                  " twice in this pack: give them in one entry"};
}
Text citation_already(std::string_view target, std::string_view citation) {
  return {b(target) + " 已引用 " + S(citation), q(target) + " cites " + S(citation) + " already"};
}

// ---- parameters ----
Text unknown_type_name(std::string_view type) {
  const S list = "money, number, months, date, bool, string, region, list<...>, table<K,V>";
  return {"未知类型" + b(type) + "（" + list + "）", "unknown type " + q(type) + " (" + list + ")"};
}
Text parameter_id(std::string_view id) {
  return {"参数 id" + b(id) + "须为小写字母、数字和下划线（lower_snake_case）", "parameter id " + q(id) + " must be lower_snake_case"};
}
Text type_mismatch(std::string_view id, std::string_view here, std::string_view there, std::string_view pack) {
  return {"参数" + b(id) + "在此处为 " + S(here) + "，但在政策包" + b(pack) + "中为 " + S(there),
          "parameter " + q(id) + " is " + S(here) + " here but " + S(there) + " in pack " + q(pack)};
}
Text parameter_redeclared(std::string_view id, std::string_view declared_in) {
  return {"参数" + b(id) + "已在上级包" + b(declared_in) + "中声明：下级包只写 values（可加 by_region、source、note），不再写 type 和 label",
          "parameter " + q(id) + " is declared in ancestor pack " + q(declared_in) +
              ": a child pack gives only values (and by_region, source, note), not type and label"};
}
Text undeclared_parameter(std::string_view id) {
  return {"参数" + b(id) + "未在本包的上级包中声明：新参数须写明 type 和 label；已有参数请检查拼写",
          "parameter " + q(id) + " is not declared by an ancestor pack: a new parameter needs its type and label; "
                                 "for an existing one, check the spelling"};
}
Text override_restates(std::string_view id, std::string_view key, std::string_view declared_in) {
  return {"参数" + b(id) + "在政策包" + b(declared_in) + "中声明，" + b(key) + "只能写在那里：下级包只写 values（可加 by_region、source、note）",
          "parameter " + q(id) + " is declared in pack " + q(declared_in) + ", so " + q(key) +
              " belongs there: a child pack gives only values (and by_region, source, note)"};
}
Text renewal_yearly() { return {"renewal 只能为 yearly", "renewal must be 'yearly'"}; }
Text invalid_unit(std::string_view unit, std::string_view type) {
  return {"unit" + b(unit) + "不适用于 " + S(type) + " 类型的参数（number 可写 ratio；months 可写 age、duration 或 months）",
          "unit " + q(unit) + " does not fit a parameter of type " + S(type) +
              " (number: ratio; months: age, duration or months)"};
}
Text duplicate_parameter(std::string_view id) {
  return {"参数" + b(id) + "在本包中出现了两次", "parameter " + q(id) + " is declared twice in this pack"};
}
Text parameter_needs_values(std::string_view id) {
  return {"参数" + b(id) + "缺少 values（尚无数值时写 values: {}）",
          "parameter " + q(id) + " needs 'values' (write values: {} when no figure is known)"};
}
Text region_outside(std::string_view code, std::string_view jurisdiction) {
  return {b(code) + "不是本包管辖地区 " + S(jurisdiction) + " 之内的地区代码",
          q(code) + " is not a region code inside this pack's jurisdiction " + S(jurisdiction)};
}
Text not_a_date(std::string_view text) { return {b(text) + "不是 YYYY-MM-DD 格式的日期", q(text) + " is not a date YYYY-MM-DD"}; }
Text duplicate_date(std::string_view date) { return {"日期 " + S(date) + " 出现了两次", "date " + S(date) + " is given twice"}; }
Text unsorted_dates(std::string_view date, std::string_view previous) {
  return {"各日期的数值须按日期从早到晚排列：" + S(date) + " 写在了 " + S(previous) + " 之后",
          "dated values must be in increasing date order: " + S(date) + " comes after " + S(previous)};
}
Text invalid_value(std::string_view id, std::string_view type, std::string_view why) {
  return {"参数" + b(id) + "（" + S(type) + "）的数值有误：" + S(why),
          "value of " + q(id) + " (" + S(type) + "): " + S(why)};
}
Text missing_source(std::string_view id, std::string_view date) {
  return {"参数" + b(id) + "自 " + S(date) + " 起的数值没有来源（source）",
          "value of " + q(id) + " from " + S(date) + " has no source"};
}

// ---- expressions and texts ----
// The expression checker's messages (expr/) are English only, and tools match them: kept as they are.
Text expression(std::string_view message) { return {S(message), S(message)}; }
Text placeholder_error(std::string_view placeholder, std::string_view message) {
  return {"文本占位符 {" + S(placeholder) + "} 有误：" + S(message),
          "in text placeholder {" + S(placeholder) + "}: " + S(message)};
}
Text unclosed_brace() {
  return {"文本中的「{」没有闭合（要显示花括号请写「{{」）", "unclosed '{' in text (write '{{' for a brace)"};
}
Text unmatched_brace() {
  return {"文本中的「}」没有对应的「{」（要显示花括号请写「}}」）", "unmatched '}' in text (write '}}' for a brace)"};
}
Text placeholder_is_list(std::string_view p) {
  return {"{" + S(p) + "} 是列表：文本中只能显示单个值", "{" + S(p) + "} is a list: a text can show single values only"};
}
Text unknown_in_text(std::string_view p) {
  return {"文本中的 {" + S(p) + "} 在显示时可能是未知值，会印成「未知」：请写成 if(known(...), ..., ...) 或 default(..., ...)，"
          "或在 when 中要求 known(...)",
          "{" + S(p) + "} may be unknown where the text is shown and would print \"unknown\": write "
          "if(known(...), ..., ...) or default(..., ...), or require known(...) in 'when'"};
}
Text hard_coded_figure(std::string_view figure, std::string_view param) {
  return {"文本写死了参数" + b(param) + "的数值「" + S(figure) + "」：请改写为 {param." + S(param) +
              "}，参数改动时文本随之改动",
          "the text hard-codes " + q(figure) + ", a value of parameter " + q(param) + ": write {param." + S(param) +
              "} so that the text follows the parameter"};
}
Text too_many_placeholders(std::size_t max) {
  const S n = std::to_string(max);
  return {"一段文本最多显示 " + n + " 个不同的 {值}", "a text may show at most " + n + " different {values}"};
}

// ---- schemes, rules, items ----
Text unknown_scheme(std::string_view id, std::string_view known) {
  if (known.empty()) return {b(id) + "不是 RESULT.md 中的险种 id", q(id) + " is not a scheme id of RESULT.md"};
  return {b(id) + "不是 RESULT.md 中的险种 id（" + S(known) + "）", q(id) + " is not a scheme id of RESULT.md (" + S(known) + ")"};
}
Text scheme_name_national_only() { return {"只有全国包为险种命名", "only the national pack names a scheme"}; }
Text duplicate_scheme(std::string_view id) { return {"险种" + b(id) + "声明了两次", "scheme " + q(id) + " is declared twice"}; }
Text scheme_needs_name(std::string_view id) {
  return {"全国包须为险种" + b(id) + "写明 name", "the national pack must give scheme " + q(id) + " a name"};
}
Text duplicate_rule_id(std::string_view id, std::string_view scheme) {
  return {"规则 id" + b(id) + "在 " + S(scheme) + " 中用了两次", "rule id " + q(id) + " is used twice in " + S(scheme)};
}
Text duplicate_item_id(std::string_view kind, std::string_view id) {
  return {What(S(kind)).zh + " id" + b(id) + "用了两次", S(kind) + " id " + q(id) + " is used twice"};
}
Text advice_priority() {
  return {"advice 的 priority 须为 0 到 999 的整数", "advice priority must be a whole number from 0 to 999"};
}
Text unknown_status(std::string_view status) {
  const S list = "mandatory, eligible, enrolled, platform_covered, recommended, not_eligible, not_available";
  return {"未知的 status" + b(status) + "（" + list + "）", "unknown status " + q(status) + " (" + list + ")"};
}
Text unknown_channel(std::string_view channel) {
  const S list = "employer, flexible, individual, platform, dispatch_agency";
  return {"未知的 channel" + b(channel) + "（" + list + "）", "unknown channel " + q(channel) + " (" + list + ")"};
}
Text contribution_mode() {
  return {"缴费须二选一：base + rate（按月）或 annual（按年）",
          "a contribution has either base + rate (monthly) or annual, not both or neither"};
}
Text contribution_needs_rate() { return {"写了 base 的缴费还须写 rate", "a contribution with a base needs a rate"}; }
Text fixed_fee_needs_monthly() {
  return {"fixed_annual 只能与 base + rate（按月）一起用，不能与 annual 一起用",
          "fixed_annual goes with base + rate, not with annual"};
}
Text option_needs(std::string_view key) { return {"缴费选项缺少" + b(key), "an option needs " + q(key)}; }
Text unknown_field(std::string_view field) {
  return {b(field) + "不是 PROFILE.md 中的字段", q(field) + " is not a profile field of PROFILE.md"};
}
Text unknown_transfer_kind(std::string_view kind, std::string_view known) {
  return {b(kind) + "不是 RESULT.md 中的转移接续类型（" + S(known) + "）",
          q(kind) + " is not a transfer kind of RESULT.md (" + S(known) + ")"};
}
Text relationships_national_only() {
  return {"用工关系只能由全国包定义", "relationships are defined by the national pack only"};
}
Text unknown_relationship(std::string_view id) {
  return {b(id) + "不是 PROFILE.md 中的用工关系", q(id) + " is not a relationship of PROFILE.md"};
}
Text retirement_national_only() {
  return {"退休（retirement）部分属于全国包", "the retirement section belongs to the national pack"};
}
Text duplicate_retirement() { return {"退休（retirement）部分定义了两次", "the retirement section is defined twice"}; }
Text first_birth_month() { return {"first_birth 须为 YYYY-MM", "first_birth must be YYYY-MM"}; }
Text original_age_50_55() { return {"original_age 只能为 50 或 55", "original_age must be 50 or 55"}; }

// ---- whole set ----
Text missing_scheme(std::string_view id) {
  return {"全国包没有声明险种" + b(id), "the national pack does not declare scheme " + q(id)};
}
Text no_rules(std::string_view id) { return {"险种" + b(id) + "没有规则", "scheme " + q(id) + " has no rules"}; }
Text no_fallback(std::string_view id) {
  return {"全国包中" + b(id) + "的最后一条规则不能有 when，以保证每位劳动者都得到答复",
          "the last rule of " + q(id) + " in the national pack must have no 'when', so that every worker gets an answer"};
}
Text missing_relationship(std::string_view id) {
  return {"全国包没有解释用工关系" + b(id), "the national pack does not explain relationship " + q(id)};
}
Text missing_retirement() { return {"全国包没有退休（retirement）部分", "the national pack has no retirement section"}; }

}  // namespace wording

// ---- texts rendered into the policy set -----------------------------------------------------

// The parameter_unverified / parameter_provisional texts of every dated value.
void Compiler::render_param_texts() {
  for (Pack& pack : set_->packs)
    for (auto& [index, table] : pack.params) {
      const ParamDef& def = set_->params[index];
      // What a worker reads: the figure by its label (with its value where the value reads
      // plainly: money, months by their unit, ratios as a percentage) and one plain sentence. The
      // sources and research notes stay in the pack, for `policies show` and `--explain`.
      const bool show_value = def.type.kind == TypeKind::kMoney || def.type.kind == TypeKind::kMonths ||
                              (def.type.kind == TypeKind::kNumber && def.type.unit == Unit::kRatio);
      auto render = [&](ParamVersion& v) {
        if (v.ends) return;
        std::string zh_value, en_value;
        if (show_value) {
          zh_value = "（" + format_value(v.value, def.type, Lang::kZh) + (def.type.kind == TypeKind::kMoney ? "元）" : "）");
          en_value = " (" + format_value(v.value, def.type, Lang::kEn) + (def.type.kind == TypeKind::kMoney ? " yuan)" : ")");
        }
        const std::string from_zh = std::to_string(v.from.year()) + "年" + std::to_string(v.from.month()) + "月";
        const std::string from_en = v.from.to_string().substr(0, 7);
        v.unverified_text = {"「" + def.label.zh + "」" + zh_value + "：该数字尚未与官方文件核对，以当地经办机构公布为准。",
                             def.label.en + en_value +
                                 ": this figure has not been checked against the official document; the figure "
                                 "the local office publishes prevails."};
        v.provisional_text = {"「" + def.label.zh + "」" + zh_value + "：仍按" + from_zh +
                                  "起的数字估算，新一年度的数字尚未公布。",
                              def.label.en + en_value + ": still the figure in force from " + from_en +
                                  "; the next year's figure is not published yet, so the estimate is provisional."};
      };
      for (auto& v : table.values) render(v);
      for (auto& [code, versions] : table.by_region)
        for (auto& v : versions) render(v);
    }
}

// The warning given when a woman's original retirement age is missing and a default applies.
void Compiler::render_female_default_texts() {
  for (auto& d : set_->retirement.female_default) {
    std::string basis;
    for (const auto& c : d.cite) basis += (basis.empty() ? "" : "、") + c.document + c.article;
    const std::string age = std::to_string(d.original_age_years);
    d.unverified_text = {"没有填写您原来的法定退休年龄（50岁还是55岁），这里按" + age + "岁计算（依据：" + basis +
                             "），当地是否如此尚未核实；以前在工人岗位以职工身份参保的，可能按50岁计算。",
                         "Your original retirement age (50 or 55) is not given, so " + age + " is used (basis: " + basis +
                             "); this is not confirmed for the local rules, and women insured earlier in a worker "
                             "post may retire at 50."};
  }
}

}  // namespace shebao::internal
