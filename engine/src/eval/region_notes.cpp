#include "eval/region_notes.h"

#include <array>

#include "shebao/core/region.h"
#include "shebao/core/region_table.h"

namespace shebao {
namespace {

// The place a region field stands for, as a noun (the schema's labels are questions).
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

}  // namespace

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
