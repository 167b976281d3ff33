#include "shebao/core/region.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace shebao {
namespace internal {
namespace {

struct RegionName {
  std::uint32_t code;
  std::string_view zh;        // official name, e.g. 双江拉祜族佤族布朗族傣族自治县
  std::string_view zh_short;  // without 省/市/区/县/自治州/自治县 and ethnic qualifiers, e.g. 双江
  std::string_view en;        // e.g. Shuangjiang Lahu, Va, Blang and Dai Autonomous County
  std::string_view en_short;  // e.g. Shuangjiang
};

// GB/T 2260 names: every provincial-level unit, Yunnan's prefecture-level units, and the
// county-level units of Kunming (5301) and Lincang (5309) as collected in
// shared/policy-facts/medical-injury-local.md section 7. Sorted by code (checked below).
constexpr std::array kRegionNames{
    RegionName{110000, "北京市", "北京", "Beijing", "Beijing"},
    RegionName{120000, "天津市", "天津", "Tianjin", "Tianjin"},
    RegionName{130000, "河北省", "河北", "Hebei", "Hebei"},
    RegionName{140000, "山西省", "山西", "Shanxi", "Shanxi"},
    RegionName{150000, "内蒙古自治区", "内蒙古", "Inner Mongolia", "Inner Mongolia"},
    RegionName{210000, "辽宁省", "辽宁", "Liaoning", "Liaoning"},
    RegionName{220000, "吉林省", "吉林", "Jilin", "Jilin"},
    RegionName{230000, "黑龙江省", "黑龙江", "Heilongjiang", "Heilongjiang"},
    RegionName{310000, "上海市", "上海", "Shanghai", "Shanghai"},
    RegionName{320000, "江苏省", "江苏", "Jiangsu", "Jiangsu"},
    RegionName{330000, "浙江省", "浙江", "Zhejiang", "Zhejiang"},
    RegionName{340000, "安徽省", "安徽", "Anhui", "Anhui"},
    RegionName{350000, "福建省", "福建", "Fujian", "Fujian"},
    RegionName{360000, "江西省", "江西", "Jiangxi", "Jiangxi"},
    RegionName{370000, "山东省", "山东", "Shandong", "Shandong"},
    RegionName{410000, "河南省", "河南", "Henan", "Henan"},
    RegionName{420000, "湖北省", "湖北", "Hubei", "Hubei"},
    RegionName{430000, "湖南省", "湖南", "Hunan", "Hunan"},
    RegionName{440000, "广东省", "广东", "Guangdong", "Guangdong"},
    RegionName{450000, "广西壮族自治区", "广西", "Guangxi", "Guangxi"},
    RegionName{460000, "海南省", "海南", "Hainan", "Hainan"},
    RegionName{500000, "重庆市", "重庆", "Chongqing", "Chongqing"},
    RegionName{510000, "四川省", "四川", "Sichuan", "Sichuan"},
    RegionName{520000, "贵州省", "贵州", "Guizhou", "Guizhou"},
    RegionName{530000, "云南省", "云南", "Yunnan", "Yunnan"},
    RegionName{530100, "昆明市", "昆明", "Kunming", "Kunming"},
    RegionName{530102, "五华区", "五华", "Wuhua District", "Wuhua"},
    RegionName{530103, "盘龙区", "盘龙", "Panlong District", "Panlong"},
    RegionName{530111, "官渡区", "官渡", "Guandu District", "Guandu"},
    RegionName{530112, "西山区", "西山", "Xishan District", "Xishan"},
    RegionName{530113, "东川区", "东川", "Dongchuan District", "Dongchuan"},
    RegionName{530114, "呈贡区", "呈贡", "Chenggong District", "Chenggong"},
    RegionName{530115, "晋宁区", "晋宁", "Jinning District", "Jinning"},
    RegionName{530124, "富民县", "富民", "Fumin County", "Fumin"},
    RegionName{530125, "宜良县", "宜良", "Yiliang County", "Yiliang"},
    RegionName{530126, "石林彝族自治县", "石林", "Shilin Yi Autonomous County", "Shilin"},
    RegionName{530127, "嵩明县", "嵩明", "Songming County", "Songming"},
    RegionName{530128, "禄劝彝族苗族自治县", "禄劝", "Luquan Yi and Miao Autonomous County", "Luquan"},
    RegionName{530129, "寻甸回族彝族自治县", "寻甸", "Xundian Hui and Yi Autonomous County", "Xundian"},
    RegionName{530181, "安宁市", "安宁", "Anning City", "Anning"},
    RegionName{530300, "曲靖市", "曲靖", "Qujing", "Qujing"},
    RegionName{530400, "玉溪市", "玉溪", "Yuxi", "Yuxi"},
    RegionName{530500, "保山市", "保山", "Baoshan", "Baoshan"},
    RegionName{530600, "昭通市", "昭通", "Zhaotong", "Zhaotong"},
    RegionName{530700, "丽江市", "丽江", "Lijiang", "Lijiang"},
    RegionName{530800, "普洱市", "普洱", "Pu'er", "Pu'er"},
    RegionName{530900, "临沧市", "临沧", "Lincang", "Lincang"},
    RegionName{530902, "临翔区", "临翔", "Linxiang District", "Linxiang"},
    RegionName{530921, "凤庆县", "凤庆", "Fengqing County", "Fengqing"},
    // A one-character name keeps its suffix as its short form (云县, not 云).
    RegionName{530922, "云县", "云县", "Yun County", "Yunxian"},
    RegionName{530923, "永德县", "永德", "Yongde County", "Yongde"},
    RegionName{530924, "镇康县", "镇康", "Zhenkang County", "Zhenkang"},
    RegionName{530925, "双江拉祜族佤族布朗族傣族自治县", "双江",
               "Shuangjiang Lahu, Va, Blang and Dai Autonomous County", "Shuangjiang"},
    RegionName{530926, "耿马傣族佤族自治县", "耿马", "Gengma Dai and Va Autonomous County", "Gengma"},
    RegionName{530927, "沧源佤族自治县", "沧源", "Cangyuan Va Autonomous County", "Cangyuan"},
    RegionName{532300, "楚雄彝族自治州", "楚雄", "Chuxiong", "Chuxiong"},
    RegionName{532500, "红河哈尼族彝族自治州", "红河", "Honghe", "Honghe"},
    RegionName{532600, "文山壮族苗族自治州", "文山", "Wenshan", "Wenshan"},
    RegionName{532800, "西双版纳傣族自治州", "西双版纳", "Xishuangbanna", "Xishuangbanna"},
    RegionName{532900, "大理白族自治州", "大理", "Dali", "Dali"},
    RegionName{533100, "德宏傣族景颇族自治州", "德宏", "Dehong", "Dehong"},
    RegionName{533300, "怒江傈僳族自治州", "怒江", "Nujiang", "Nujiang"},
    RegionName{533400, "迪庆藏族自治州", "迪庆", "Diqing", "Diqing"},
    RegionName{540000, "西藏自治区", "西藏", "Xizang", "Xizang"},
    RegionName{610000, "陕西省", "陕西", "Shaanxi", "Shaanxi"},
    RegionName{620000, "甘肃省", "甘肃", "Gansu", "Gansu"},
    RegionName{630000, "青海省", "青海", "Qinghai", "Qinghai"},
    RegionName{640000, "宁夏回族自治区", "宁夏", "Ningxia", "Ningxia"},
    RegionName{650000, "新疆维吾尔自治区", "新疆", "Xinjiang", "Xinjiang"},
    RegionName{710000, "台湾省", "台湾", "Taiwan", "Taiwan"},
    RegionName{810000, "香港特别行政区", "香港", "Hong Kong", "Hong Kong"},
    RegionName{820000, "澳门特别行政区", "澳门", "Macao", "Macao"},
};

constexpr bool sorted_and_unique() {
  for (std::size_t i = 1; i < kRegionNames.size(); ++i)
    if (kRegionNames[i - 1].code >= kRegionNames[i].code) return false;
  return true;
}
static_assert(sorted_and_unique(), "kRegionNames must be sorted by code, without duplicates");

constexpr std::string_view kNationalZh = "全国";
constexpr std::string_view kNationalEn = "China";

bool valid_province_prefix(std::uint32_t p) {
  // 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82 as bits of a 128-bit mask (one test, no
  // chain of branches: every evaluation checks a few region codes).
  static constexpr auto kMask = [] {
    std::array<std::uint64_t, 2> m{};
    auto set = [&](std::uint32_t from, std::uint32_t to) {
      for (std::uint32_t k = from; k <= to; ++k) m[k / 64] |= std::uint64_t{1} << (k % 64);
    };
    set(11, 15), set(21, 23), set(31, 37), set(41, 46), set(50, 54), set(61, 65), set(71, 71), set(81, 82);
    return m;
  }();
  return p < 128 && (kMask[p / 64] >> (p % 64) & 1) != 0;
}

const RegionName* lookup(std::uint32_t code) {
  const auto* it = std::lower_bound(kRegionNames.begin(), kRegionNames.end(), code,
                                    [](const RegionName& n, std::uint32_t c) { return n.code < c; });
  if (it == kRegionNames.end() || it->code != code) return nullptr;
  return &*it;
}

std::string code_string(std::uint32_t code) {
  std::string s = std::to_string(code);
  if (s.size() < 6) s.insert(0, 6 - s.size(), '0');
  return s;
}

// 0 = county level, 1 = prefecture level, 2 = province level: the sort key "most specific first".
int level(std::uint32_t code) {
  if (code % 10000 == 0) return 2;
  if (code % 100 == 0) return 1;
  return 0;
}

// The named regions strictly above `code`, outermost first (province, then prefecture).
std::size_t ancestors(std::uint32_t code, std::array<const RegionName*, 2>& out) {
  std::size_t n = 0;
  const std::uint32_t province = code / 10000 * 10000;
  const std::uint32_t prefecture = code / 100 * 100;
  if (province != code)
    if (const auto* p = lookup(province)) out[n++] = p;
  if (prefecture != code && prefecture != province)
    if (const auto* p = lookup(prefecture)) out[n++] = p;
  return n;
}

// Search normalisation: ASCII letters lower-cased, other ASCII that is not a digit (spaces, commas,
// apostrophes, hyphens) dropped, non-ASCII bytes (UTF-8 Chinese) kept as they are.
std::string normalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    }
  }
  return out;
}

struct Forms {
  std::array<std::string, 4> items;  // zh, zh_short, en, en_short, normalised
};

Forms forms_of(const RegionName& n) {
  return Forms{{normalize(n.zh), normalize(n.zh_short), normalize(n.en), normalize(n.en_short)}};
}

enum class MatchKind : std::uint8_t { kNone = 0, kPartial = 1, kExact = 2 };

MatchKind match_own(std::string_view rest, const Forms& own) {
  if (rest.empty()) return MatchKind::kNone;
  for (const auto& f : own.items)
    if (rest == f) return MatchKind::kExact;
  for (const auto& f : own.items)
    if (f.find(rest) != std::string::npos) return MatchKind::kPartial;
  return MatchKind::kNone;
}

// Chinese order: optional ancestors as prefixes (province, then prefecture), then the region.
MatchKind match_prefixed(std::string_view q, const Forms* anc, std::size_t n_anc, const Forms& own) {
  if (n_anc == 0) return match_own(q, own);
  MatchKind best = match_prefixed(q, anc + 1, n_anc - 1, own);  // ancestor left out
  for (const auto& f : anc[0].items)
    if (!f.empty() && q.starts_with(f))
      best = std::max(best, match_prefixed(q.substr(f.size()), anc + 1, n_anc - 1, own));
  return best;
}

// English order: the region, then optional ancestors as suffixes (prefecture, then province), as in
// "Linxiang District, Lincang, Yunnan". `anc` is outermost first, which is the order in which the
// suffixes come off the end of the query.
MatchKind match_suffixed(std::string_view q, const Forms* anc, std::size_t n_anc, const Forms& own) {
  if (n_anc == 0) return match_own(q, own);
  MatchKind best = match_suffixed(q, anc + 1, n_anc - 1, own);  // ancestor left out
  for (const auto& f : anc[0].items)
    if (!f.empty() && q.ends_with(f))
      best = std::max(best, match_suffixed(q.substr(0, q.size() - f.size()), anc + 1, n_anc - 1, own));
  return best;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace
}  // namespace internal

std::optional<Region> Region::parse(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::uint32_t code = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    code = code * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return from_code(code);
}

std::optional<Region> Region::from_code(std::uint32_t code) {
  if (code > 999999) return std::nullopt;
  if (!internal::valid_province_prefix(code / 10000)) return std::nullopt;
  return Region(code);
}

std::string Region::to_string() const { return internal::code_string(code_); }

std::string_view Region::name(Lang lang) const {
  if (code_ == 0) return lang == Lang::kEn ? internal::kNationalEn : internal::kNationalZh;
  const auto* n = internal::lookup(code_);
  if (n == nullptr) return {};
  return lang == Lang::kEn ? n->en : n->zh;
}

std::string Region::full_name(Lang lang) const {
  if (code_ == 0) return std::string(name(lang));
  std::array<const internal::RegionName*, 2> anc{};
  const std::size_t n_anc = internal::ancestors(code_, anc);
  const std::string_view own = name(lang);
  const std::string own_text = own.empty() ? internal::code_string(code_) : std::string(own);
  std::string out;
  if (lang == Lang::kEn) {
    // Innermost first: "Linxiang District, Lincang, Yunnan".
    out = own_text;
    for (std::size_t i = n_anc; i-- > 0;) {
      out += ", ";
      out += anc[i]->en;
    }
  } else {
    // Outermost first: "云南省临沧市临翔区".
    for (std::size_t i = 0; i < n_anc; ++i) out += anc[i]->zh;
    out += own_text;
  }
  return out;
}

std::size_t find_regions(std::string_view query, RegionMatch* out, std::size_t max_out) {
  const std::string q = internal::normalize(query);
  if (q.empty()) return 0;
  const Lang lang = internal::is_ascii(query) ? Lang::kEn : Lang::kZh;

  struct Hit {
    internal::MatchKind kind;
    const internal::RegionName* region;
  };
  std::array<Hit, internal::kRegionNames.size()> hits{};
  std::size_t n_hits = 0;

  for (const auto& entry : internal::kRegionNames) {
    internal::MatchKind kind = internal::MatchKind::kNone;
    if (q == internal::code_string(entry.code)) {
      kind = internal::MatchKind::kExact;
    } else {
      std::array<const internal::RegionName*, 2> anc{};
      const std::size_t n_anc = internal::ancestors(entry.code, anc);
      std::array<internal::Forms, 2> anc_forms{};
      for (std::size_t i = 0; i < n_anc; ++i) anc_forms[i] = internal::forms_of(*anc[i]);
      const internal::Forms own = internal::forms_of(entry);
      kind = internal::match_prefixed(q, anc_forms.data(), n_anc, own);
      kind = std::max(kind, internal::match_suffixed(q, anc_forms.data(), n_anc, own));
    }
    if (kind != internal::MatchKind::kNone) hits[n_hits++] = Hit{kind, &entry};
  }

  // Exact before partial; then county before prefecture before province; then by code.
  std::sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n_hits), [](const Hit& a, const Hit& b) {
    if (a.kind != b.kind) return a.kind > b.kind;
    const int la = internal::level(a.region->code);
    const int lb = internal::level(b.region->code);
    if (la != lb) return la < lb;
    return a.region->code < b.region->code;
  });

  const std::size_t n = std::min(n_hits, max_out);
  for (std::size_t i = 0; i < n; ++i) {
    const auto region = Region::from_code(hits[i].region->code);
    out[i] = RegionMatch{*region, lang == Lang::kEn ? hits[i].region->en : hits[i].region->zh};
  }
  return n;
}

}  // namespace shebao
