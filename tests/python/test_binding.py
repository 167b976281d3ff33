"""The Python binding (bindings/python/shebao) with the system python3, over the built libshebao.so.

    SHEBAO_LIBRARY=build/lib/libshebao.so.0 python3 tests/python/test_binding.py SOURCE_DIR

Whole results are compared with the golden results (tests/golden/results), as the CLI's are.
"""
import json
import os
import sys
import threading
import unittest

SOURCE = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "bindings", "python"))

import shebao  # noqa: E402

EXAMPLES = ["rider-lincang-in-kunming", "driver-employee", "courier-part-time-woman"]


def golden(name):
    with open(os.path.join(SOURCE, "tests", "golden", "results", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def profile_dict(name):
    with open(os.path.join(SOURCE, "tests", "cli", "json", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def profile_yaml(name):
    with open(os.path.join(SOURCE, "examples", name + ".yaml"), encoding="utf-8") as f:
        return f.read()


class BindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = shebao.Engine()  # the bundled packs

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_dict_and_yaml_text_give_the_golden_results(self):
        for name in EXAMPLES:
            with self.subTest(name=name):
                as_of = golden(name)["as_of"]  # the golden runs give the courier --as-of
                self.assertEqual(self.engine.evaluate(profile_dict(name), as_of=as_of), golden(name))
                self.assertEqual(self.engine.evaluate(profile_yaml(name), as_of=as_of), golden(name))

    def test_explicit_folder_is_the_same_policy_set(self):
        with shebao.Engine(os.path.join(SOURCE, "policies")) as other:
            self.assertEqual(other.policy_digest, self.engine.policy_digest)
        self.assertTrue(self.engine.policy_digest.startswith("sha256:"))

    def test_options(self):
        en = self.engine.evaluate(profile_dict("driver-employee"), lang="en", explain=True)
        self.assertIn("trace", en)
        self.assertNotEqual(en, golden("driver-employee"))
        self.assertNotIn("trace", golden("driver-employee"))

    def test_invalid_profile_carries_the_contract_error_list(self):
        p = profile_dict("driver-employee")
        p["person"]["birth"] = "1980-13-45"
        del p["person"]["sex"]
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.evaluate(p)
        e = cm.exception
        self.assertEqual(e.status, shebao.INVALID_PROFILE)
        self.assertEqual(e.code, "invalid_profile")
        paths = sorted(x["path"] for x in e.errors)
        self.assertIn("person.birth", paths)
        self.assertIn("person.sex", paths)
        for x in e.errors:
            self.assertEqual(set(x) >= {"path", "code", "message"}, True, x)

    def test_syntax_error_and_bad_arguments(self):
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.evaluate('{"person": ')
        self.assertEqual(cm.exception.status, shebao.INVALID_PROFILE)
        self.assertTrue(cm.exception.errors)
        # One error format: snake_case code, no field path for the text as a whole, its line and
        # column in fields of their own, the message in one language.
        first = cm.exception.errors[0]
        self.assertEqual((first["path"], first["code"], first["line"], first["column"]), ("", "json_syntax", 1, 12))
        self.assertTrue(first["message"].startswith("JSON 内容不完整"), first)
        self.assertTrue(str(cm.exception).startswith("1:12: JSON"), str(cm.exception))
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.evaluate('{"person": ', lang="en-US")
        self.assertEqual(cm.exception.errors[0]["message"], "the text ends before the JSON value is complete")
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.evaluate('{"person": ', lang="zh-CN")
        self.assertTrue(cm.exception.errors[0]["message"].startswith("JSON 内容不完整"))
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.evaluate(profile_dict("driver-employee"), lang="fr")
        self.assertEqual(cm.exception.status, shebao.INVALID_ARGUMENT)
        with self.assertRaises(TypeError):
            self.engine.evaluate(42)

    def test_missing_policies_folder(self):
        with self.assertRaises(shebao.ShebaoError) as cm:
            shebao.Engine(os.path.join(SOURCE, "no-such-folder"))
        self.assertEqual(cm.exception.status, shebao.IO_ERROR)
        self.assertIn("no-such-folder", cm.exception.errors[0]["message"])

    def test_retirement(self):
        r = self.engine.retirement("1975-03", "female", 50)
        self.assertEqual(r["date"], "2025-05")
        self.assertEqual(r["age"], {"years": 50, "months": 2})
        self.assertEqual(r["delay_months"], 2)
        with self.assertRaises(shebao.ShebaoError) as cm:
            self.engine.retirement("1975-13", "female", 50)
        self.assertEqual(cm.exception.status, shebao.INVALID_ARGUMENT)

    def test_threads_share_one_engine(self):
        expected = {name: golden(name) for name in EXAMPLES}
        inputs = {name: profile_dict(name) for name in EXAMPLES}
        failures = []

        def work(i):
            for k in range(6):
                name = EXAMPLES[(i + k) % len(EXAMPLES)]
                if self.engine.evaluate(inputs[name], as_of=expected[name]["as_of"]) != expected[name]:
                    failures.append((i, name))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

    def test_closed_engine(self):
        e = shebao.Engine()
        e.close()
        e.close()
        with self.assertRaises(shebao.ShebaoError):
            e.evaluate(profile_dict("driver-employee"))

    def test_version(self):
        self.assertRegex(shebao.version(), r"^\d+\.\d+\.\d+")


if __name__ == "__main__":
    unittest.main(verbosity=1)
