// The batch pipeline (private header): one reader thread cuts the records into chunks, N worker
// threads run the RowJob on them (the job and the policy sets are immutable and shared), and the
// calling thread hands the evaluated chunks to `write` in input order. At most 2N+4 chunks are
// in flight, so memory does not grow with the input.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "job.h"
#include "reader.h"

namespace shebao::batch::detail {

struct PoolConfig {
  unsigned threads = 1;
  std::size_t chunk_lines = 64;
  std::uint64_t resume_after = 0;  // records starting on or before this line are skipped
};

struct PoolResult {
  bool reached_end = false;  // the whole input was read
  std::uint64_t blank = 0;   // blank lines skipped
};

// `write` gets the ready chunks (in order, ~1024 lines at most at a time) and the input offset
// reached by the last of them. An exception from any thread stops the pipeline and is rethrown.
PoolResult run_pool(LineReader& reader, RecordSource& source, const RowJob& job, const PoolConfig& config,
                    const std::atomic<int>& stop,
                    const std::function<void(std::vector<std::unique_ptr<Chunk>>&, std::uint64_t offset)>& write);

}  // namespace shebao::batch::detail
