#!/usr/bin/env bash
# CSV per RFC 4180: quoted cells, doubled quotes, commas and line breaks inside quotes, CRLF, a BOM;
# line numbers are those where a record starts.
source "$(dirname "$0")/lib.sh"
fixture_packs packs
printf '\xef\xbb\xbfperson.birth,person.sex,person.hukou.region,work.region,work.relationship,work.platform,work.monthly_income\r\n' >q.csv
printf '1994-07,male,"530902",530102,platform_managed,meituan,5200\r\n' >>q.csv              # 2 ok
printf '"1990-01","female",530902,"530102",employee,"mei,tuan",\r\n' >>q.csv                 # 3 platform error
printf '1990-01,female,530902,530102,employee,"two\nlines",3000\r\n' >>q.csv                 # 4-5 platform error
printf '1990-01,female,530902,530102,employee\r\n' >>q.csv                                    # 6 too few cells
printf '\r\n' >>q.csv                                                                          # 7 blank
printf '1990-01,female,530902,530102,employee,"say ""hi""",\r\n' >>q.csv                      # 8 platform error
printf '1990-01,female,530902,530102,employee,"un"closed,\r\n' >>q.csv                        # 9 syntax
printf '1985-05,male,530902,530102,self_employed,,"6000"\r\n' >>q.csv                          # 10 ok
printf '1985-05,male,530902,530102,self_employed,,"6,000"\r\n' >>q.csv                         # 11 income error
expect_exit 0 "$SHEBAO" batch q.csv --policies packs --as-of 2026-11-28 --threads 3 --lang en
printf '%s\n' 2 3 4 6 8 9 10 11 >want
check_output q.out.jsonl want
line() { grep "^{\"line\":$1," q.out.jsonl; }
line 2 | grep -q '"result":' || fail "line 2"
line 3 | grep -q '"path":"work.platform","code":"invalid_platform"' || fail "line 3: $(line 3 | head -c 300)"
line 4 | grep -q '"path":"work.platform"' || fail "line 4"
line 6 | grep -q '"code":"csv_cells"' || fail "line 6"
line 8 | grep -q '"path":"work.platform"' || fail "line 8"
line 9 | grep -q '"code":"csv_syntax"' || fail "line 9"
line 10 | grep -q '"result":' || fail "line 10: $(line 10 | head -c 300)"
line 11 | grep -q '"path":"work.monthly_income"' || fail "line 11: $(line 11 | head -c 300)"
grep -q '8 lines, 2 ok, 6 bad, 1 blank skipped' err.txt || fail "summary: $(tail -1 err.txt)"
grep -q '^q.csv:4: work.platform' err.txt || fail "line 4 not reported: $(cat err.txt)"
echo "ok"
