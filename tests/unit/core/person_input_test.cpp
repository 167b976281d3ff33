// Lenient reading of what a clerk types: ID-card numbers (GB 11643) and birth months. The cases
// are in tests/data/person_input_cases.json, which the page's reader (web/person_input.js) is
// tested against too, so the two cannot drift apart.
#include "shebao/core/person_input.h"

#include <gtest/gtest.h>

#include <string>

#include "shebao/yaml/yaml_doc.h"

namespace shebao {
namespace {

const DocNode& cases() {
  static const DocParse parsed = load_yaml_file(SHEBAO_SOURCE_DIR "/tests/data/person_input_cases.json");
  EXPECT_TRUE(parsed.ok());
  return *parsed.root;
}

std::string text_of(const DocNode& c, std::string_view key) {
  const DocNode* n = c.find(key);
  return n != nullptr ? n->text : std::string();
}

std::string error_name(IdCardError e) {
  switch (e) {
    case IdCardError::kLength: return "length";
    case IdCardError::kCharacter: return "character";
    case IdCardError::kBirth: return "birth";
    case IdCardError::kCheckDigit: return "check_digit";
  }
  return "?";
}

TEST(IdCard, EveryCaseOfTheSharedList) {
  const DocNode* list = cases().find("id_cards");
  ASSERT_TRUE(list != nullptr && list->items.size() >= 10);
  for (const DocNode& c : list->items) {
    const std::string text = text_of(c, "text");
    const IdCardParse p = parse_id_card(text);
    if (c.find("error") != nullptr) {
      EXPECT_FALSE(p.info.has_value()) << text;
      EXPECT_EQ(error_name(p.error), text_of(c, "error")) << text;
      continue;
    }
    ASSERT_TRUE(p.info.has_value()) << text << ": " << error_name(p.error);
    EXPECT_EQ(std::to_string(p.info->region_code), text_of(c, "region")) << text;
    EXPECT_EQ(p.info->birth.to_string(), text_of(c, "birth")) << text;
    EXPECT_EQ(p.info->female ? "female" : "male", text_of(c, "sex")) << text;
  }
}

// The standard's own example (11010519491231002X) and one changed digit, spelled out here too.
TEST(IdCard, CheckCharacterOfGb11643) {
  EXPECT_EQ(id_card_check_character("11010519491231002"), 'X');
  EXPECT_EQ(id_card_check_character("53090219940512301"), '4');
  EXPECT_EQ(id_card_check_character("11010519491231003"), '8');
  EXPECT_EQ(id_card_check_character("5309021994051230"), '\0');
  EXPECT_EQ(id_card_check_character("5309021994051230a"), '\0');
}

TEST(LooseYearMonth, EveryCaseOfTheSharedList) {
  const DocNode* list = cases().find("year_months");
  ASSERT_TRUE(list != nullptr && list->items.size() >= 20);
  for (const DocNode& c : list->items) {
    const std::string text = text_of(c, "text");
    const auto got = parse_loose_year_month(text);
    if (c.find("month") == nullptr) {
      EXPECT_FALSE(got.has_value()) << text;
    } else {
      ASSERT_TRUE(got.has_value()) << text;
      EXPECT_EQ(got->to_string(), text_of(c, "month")) << text;
    }
  }
}

}  // namespace
}  // namespace shebao
