#!/usr/bin/env python3
"""Writes the small clean fixtures (exact bytes matter: BOM, CRLF, missing final newline).
Run from this folder: python3 make_csv_fixtures.py. Tests: Tests/CSVIngestTests/CleanFixtureTests.swift."""

files = {
    "daily-gap.csv": b"date,sales\n2024-01-01,10\n2024-01-02,12.5\n2024-01-03,\n2024-01-04,13\n2024-01-06,9\n",
    "crlf-bom.csv": b"\xef\xbb\xbftime,load\r\n2024-03-01T00:00:00,1.5\r\n2024-03-01T00:15:00,2.5\r\n2024-03-01T00:30:00,3.5\r\n",
    "quoted.csv": (b'date,"city, country",temp\n'
                   b'2024-01-01,"Paris, ""FR""",3.5\n'
                   b'2024-01-01,"Bern\nCH",1.0\n'
                   b'2024-01-02,"Paris, ""FR""","4.5"\n'
                   b'2024-01-02,"Bern\nCH",2.0\n'),
    "blank-lines.csv": b"\ndate,sales\n\n2024-01-01,1\n   \n2024-01-02,2\n\n\n2024-01-03,3",
    "semicolon.csv": b"datum;umsatz;preis\n01.03.2024 08:00:00;10;1.5\n01.03.2024 09:00:00;11;1.5\n01.03.2024 10:00:00;12;1.75\n",
    "tab.tsv": b"date\tvalue\n2024-01-01\t1\n2024-01-02\t2\n2024-01-03\t3\n",
    "pipe.csv": b"ts|v\n1709251200|1\n1709254800|2\n1709258400|4\n",
    "missing-tokens.csv": (b"date,v\n2024-01-01,0\n2024-01-02,NA\n2024-01-03,N/A\n2024-01-04,NaN\n2024-01-05,null\n"
                           b"2024-01-06,None\n2024-01-07,-\n2024-01-08,?\n2024-01-09,\n2024-01-10,na\n2024-01-11,10\n"),
    "unsorted.csv": b"date,v\n2024-01-03,3\n2024-01-01,1\n2024-01-02,2\n2024-01-04,4\n",
    "duplicates.csv": b"date,v\n2024-01-01,1\n2024-01-01,3\n2024-01-02,5\n",
    "business-days.csv": (b"date,close\n2024-03-07,10\n2024-03-08,11\n2024-03-11,12\n2024-03-12,13\n2024-03-14,15\n"
                          b"2024-03-15,16\n2024-03-18,17\n"),
    "monthly.csv": b"month,revenue\n2023-11,100\n2023-12,110\n2024-01,120\n2024-03,140\n",
    "month-end.csv": b"date,v\n2024-01-31,1\n2024-02-29,2\n2024-03-31,3\n2024-04-30,4\n",
    "us-dates.csv": b"date,v\n12/30/2023,1\n12/31/2023,2\n01/01/2024,3\n01/02/2024,4\n",
    "day-first-2digit.csv": b"date,v\n30/12/23,1\n31/12/23,2\n01/01/24,3\n",
    "epoch-ms.csv": b"timestamp,v\n1709251200000,1\n1709251260000,2\n1709251320000,3\n",
    "iso-offsets.csv": (b"time,v\n2024-03-01T00:00:00Z,1\n2024-03-01T02:00:00.000+01:00,2\n"
                        b"2024-03-01 01:30:00-00:30,3\n2024-03-01T03:00:00.000Z,4\n"),
    "custom-format.csv": b"when,v\n01-Mar-2024 01:00 PM,1\n01-Mar-2024 02:00 PM,2\n01-Mar-2024 03:00 PM,3\n",
    "irregular-minutes.csv": (b"time,requests\n2024-03-01T00:05,1\n2024-03-01T00:17,2\n2024-03-01T00:59,3\n"
                              b"2024-03-01T01:10,4\n2024-03-01T02:40,5\n"),
    "features.csv": b"date,sales,price,promo\n2024-01-01,10,2.5,0\n2024-01-02,12,2.5,1\n2024-01-03,9,2.75,0\n",
}

for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
print(f"wrote {len(files)} files")
