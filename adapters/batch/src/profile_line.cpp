#include "profile_line.h"

#include "shebao/eval/evaluator.h"
#include "shebao/json/profile_json_fast.h"
#include "shebao/store/csv_profile.h"

namespace shebao::batch::detail {

ProfileInput read_json_line(const PolicySet& set, std::string_view text, std::optional<Date> as_of_override,
                            Date today, bool fast) {
  if (fast) {
    if (std::optional<Profile> p = read_profile_json_fast(text, kProfileDocLimits, as_of_override, today)) {
      // As read_profile_doc: the packs' constraints on a valid profile. Should they fail, the
      // reference path below reads the line again and gives the same errors.
      ProfileInput out;
      out.errors = check_constraints(set, *p);
      if (out.errors.empty()) {
        out.profile = std::move(p);
        return out;
      }
    }
  }
  return store::read_json_profile(set, text, as_of_override, today);
}

}  // namespace shebao::batch::detail
