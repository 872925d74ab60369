-- wrk script: each request asks the next of the main pages, in turn, in the three languages.
-- (A class browses; every page is answered from the embedded data, packs and charts from the
-- server's cache after the first request.)
local paths = {}
local pages = {
  "/", "/exercises", "/exercises/sc-net-migration", "/exercises/compare-two",
  "/chart", "/chart?measure=top-destinations&kind=bar&origin=AZE&years=2024&edition=2024&top=10",
  "/check?text=Net+migration+in+Azerbaijan+was+minus+84+thousand+in+2023",
  "/glossary", "/sources",
}
for _, lang in ipairs({"en", "az", "ru"}) do
  for _, page in ipairs(pages) do
    table.insert(paths, "/" .. lang .. page)
  end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
-- Any answer but 200 is counted and printed at the end.
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", summary.errors.status))
end
