#include "eval/region_notes.h"

#include <array>

#include "shebao/core/region.h"
#include "shebao/core/region_table.h"
#include "policy/model.h"

namespace shebao {
namespace {

// The place a region field stands for, as a noun (the schema's labels are questions). Defended
// duplicate: a switch shaped like status_label's (eval/result.cpp), with its own words.
Text place_of(FieldId f) {
  switch (f) {
    case FieldId::kHukouRegion: return {"户籍地", "The hukou place"};
    case FieldId::kWorkRegion: return {"就业（接单）所在地", "The work place"};
    case FieldId::kPensionRegion: return {"养老保险参保地", "The pension insurance place"};
    case FieldId::kMedicalRegion: return {"医疗保险参保地", "The medical insurance place"};
    default: return {"地区", "The region"};
  }
}

// "户籍地代码 110228（北京市密云县）已于2015年撤销，按现行的 110118（北京市密云区）作答。"
// Args: old code, new code, field index.
void renumbered_text(std::string& out, Lang lang, std::span<const TextArg> a) {
  const auto old_code = static_cast<std::uint32_t>(a[0].i);
  const auto now = Region::from_code(static_cast<std::uint32_t>(a[1].i));
  const Text place = place_of(static_cast<FieldId>(a[2].i));
  const RegionTable* t = region_table();
  const RegionEntry* e = t ? t->find(old_code) : nullptr;
  const auto old = Region::from_code(old_code);
  const std::string year = e ? std::to_string(e->valid_to) : std::string();
  const std::string old_name = old ? old->full_name(lang) : std::string();
  const std::string code = old ? old->to_string() : std::string();
  if (lang == Lang::kZh) {
    out += place.zh;
    out += "代码 " + code + "（" + old_name + "）已于" + year + "年撤销，按现行的 " + now->to_string() + "（" +
           now->full_name(lang) + "）作答；如不对，请改填现在所在县区的代码。";
  } else {
    out += place.en;
    out += ": code " + code + " (" + old_name + ") was withdrawn in " + year + "; answered for the current " +
           now->to_string() + " (" + now->full_name(lang) + "). If that is not right, give the code of the county or "
           "district as it is now.";
  }
}

// Directly administered municipalities: the province is the city.
bool municipality(Region r) {
  const std::uint32_t p = r.code() / 10000;
  return p == 11 || p == 12 || p == 31 || p == 50;
}

// The city a place belongs to: its prefecture; a municipality itself; a county-level unit directly
// under its province (仙桃市 429004: GB/T 2260 gives these xx90xx codes) itself. Code arithmetic
// only: no table lookup on the evaluation's way.
Region city_of(Region r) {
  if (municipality(r)) return r.province();
  return r.code() / 100 % 100 == 90 ? r : r.prefecture();
}
std::string city_name(Region r, Lang lang) {
  const std::string_view n = city_of(r).name(lang);
  return n.empty() ? r.to_string() : std::string(n);
}

// "本答复未包含深圳市的本地规定：按国家和广东省的规定作答，金额以当地经办机构公布为准。"
// Args, for the work place and the hukou place (i = 0, 1): [2i] region code (unknown: not listed),
// [2i + 1] 1 when its province has a pack of its own.
void local_rules_text(std::string& out, Lang lang, std::span<const TextArg> a) {
  const bool zh = lang == Lang::kZh;
  const std::size_t n = (a[0].known() ? 1 : 0) + (a[2].known() ? 1 : 0);
  std::string cities, with, without;  // the places; provinces with / without a pack of their own
  std::array<Region, 2> seen{};
  std::size_t n_seen = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    if (!a[2 * i].known()) continue;
    const auto region = Region::from_code(static_cast<std::uint32_t>(a[2 * i].i));
    if (!region) continue;
    const bool work = i == 0;
    if (!cities.empty()) cities += zh ? "和" : " and ";
    cities += city_name(*region, lang);
    if (n > 1 || !work) cities += zh ? (work ? "（工作地）" : "（户籍地）") : (work ? " (work place)" : " (hukou place)");
    const Region province = region->province();
    if (n_seen > 0 && seen[0] == province) continue;
    seen[n_seen++] = province;
    std::string& list = a[2 * i + 1].i != 0 ? with : without;
    if (!list.empty()) list += zh ? "、" : " and ";
    list += province.name(lang);
  }
  if (zh) {
    out += "本答复未包含" + cities + "的本地规定";
    if (!without.empty()) out += "，也未包含" + without + "的省级规定和数字";
    out += "：按国家" + (with.empty() ? std::string() : "和" + with) + "的规定作答，金额以当地经办机构公布为准。";
  } else {
    out += "This answer does not include the local rules of " + cities;
    if (!without.empty()) out += ", nor the provincial rules and figures of " + without;
    out += ": it follows the national rules" + (with.empty() ? std::string() : " and those of " + with) +
           "; amounts as the local office publishes them.";
  }
}

}  // namespace

void local_rules(const PolicySet& set, const Profile& profile, int work_pack, EvalResult& r) {
  std::array<TextArg, 4> args{TextArg::unknown(), TextArg::unknown(), TextArg::unknown(), TextArg::unknown()};
  const std::array<FieldId, 2> fields{FieldId::kWorkRegion, FieldId::kHukouRegion};
  std::optional<Region> work;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldValue& v = profile.get(fields[i]);
    if (!v.known) continue;
    const auto region = Region::from_code(static_cast<std::uint32_t>(v.value));
    if (!region) continue;
    if (i == 0) work = region;
    // A hukou place in the work place's city is the same place: its rules are those of the work place.
    else if (work && city_of(*work) == city_of(*region))
      continue;
    const int index = i == 0 && work_pack >= 0 ? work_pack : set.pack_for(*region);
    if (index < 0) continue;
    const Region j = set.packs[static_cast<std::size_t>(index)].jurisdiction;
    // A city (or county) pack of its own; a municipality's pack is its city's.
    if (!j.is_national() && (!j.is_province() || municipality(j))) continue;
    r.local_rules.push_back({i == 0 ? "work" : "hukou", *region, j.is_province()});
    args[2 * i] = TextArg::of_int(region->code());
    args[2 * i + 1] = TextArg::of_int(j.is_province() ? 1 : 0);
  }
  if (!r.local_rules.empty()) r.local_rules_text = ResultText::composed(&local_rules_text, args);
}

void renumbered_regions(const Profile& profile, EvalResult& r) {
  for (const auto& rr : profile.renumbered_regions()) {
    const std::array<TextArg, 3> args{TextArg::of_int(rr.old_code), TextArg::of_int(profile.get(rr.field).value),
                                      TextArg::of_int(static_cast<std::int64_t>(rr.field))};
    Warning& w = r.warnings.emplace_back();
    w.code = "region_code_withdrawn";
    w.subject = field_spec(rr.field).path;
    w.text = ResultText::composed(&renumbered_text, args);
  }
}

}  // namespace shebao
