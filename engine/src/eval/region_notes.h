// Notes the evaluator adds about the profile's regions (issue 17): withdrawn codes answered for
// the code that replaced them.
#pragma once

#include "shebao/eval/result.h"
#include "shebao/profile/profile.h"

namespace shebao {

// One warning `region_code_withdrawn` per region field given as a withdrawn code.
void renumbered_regions(const Profile& profile, EvalResult& r);

}  // namespace shebao
