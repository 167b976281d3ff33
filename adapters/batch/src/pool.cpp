#include "pool.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace shebao::batch::detail {

namespace {
constexpr std::size_t kMaxChunkBytes = 1u << 20;  // input text per chunk (then it is closed)
}  // namespace

PoolResult run_pool(LineReader& reader, RecordSource& src, const RowJob& job, const PoolConfig& cfg,
                    const std::atomic<int>& stop,
                    const std::function<void(std::vector<std::unique_ptr<Chunk>>&, std::uint64_t)>& write) {
  const unsigned threads = std::max(1u, cfg.threads);
  const std::size_t chunk_lines = std::max<std::size_t>(1, cfg.chunk_lines);
  const std::uint64_t window = 2ull * threads + 4;  // chunks in flight: read, evaluated, waiting
  std::mutex m;
  std::condition_variable cv_work, cv_done, cv_space;
  std::deque<std::unique_ptr<Chunk>> work;
  std::map<std::uint64_t, std::unique_ptr<Chunk>> done;
  std::uint64_t next_seq = 0, written_seq = 0;
  bool reader_done = false, aborted = false;
  std::exception_ptr failure;
  PoolResult result;

  auto abort_with = [&](std::exception_ptr e) {
    std::lock_guard lk(m);
    if (!failure) failure = e;
    aborted = true;
    cv_work.notify_all();
    cv_done.notify_all();
    cv_space.notify_all();
  };

  std::thread reader_thread([&] {
    bool eof = false;
    try {
      while (!eof && !stop.load()) {
        auto ch = std::make_unique<Chunk>();
        ch->in.reserve(chunk_lines);
        std::size_t bytes = 0;  // long lines make short chunks: memory stays bounded
        while (ch->in.size() < chunk_lines && bytes < kMaxChunkBytes) {
          InItem it;
          if (!src.next(it)) {
            eof = true;
            break;
          }
          if (it.line <= cfg.resume_after) continue;
          bytes += it.text.size();
          ch->in.push_back(std::move(it));
        }
        ch->end_offset = reader.offset();
        if (ch->in.empty()) continue;
        std::unique_lock lk(m);
        while (!aborted && !stop.load() && next_seq - written_seq >= window)
          cv_space.wait_for(lk, std::chrono::milliseconds(100));
        if (aborted || stop.load()) break;  // lines read but not queued are redone on resume
        ch->seq = next_seq++;
        work.push_back(std::move(ch));
        cv_work.notify_one();
      }
    } catch (const Stopped&) {
    } catch (...) {
      abort_with(std::current_exception());
    }
    std::lock_guard lk(m);
    reader_done = true;
    result.reached_end = eof;
    result.blank = src.blank();
    cv_work.notify_all();
    cv_done.notify_all();
  });

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      while (true) {
        std::unique_ptr<Chunk> ch;
        {
          std::unique_lock lk(m);
          cv_work.wait(lk, [&] { return !work.empty() || reader_done || aborted; });
          if (aborted || work.empty()) return;
          ch = std::move(work.front());
          work.pop_front();
        }
        try {
          ch->out.reserve(ch->in.size());
          for (InItem& in : ch->in) ch->out.push_back(job.run(in));
          std::vector<InItem>().swap(ch->in);
        } catch (...) {
          abort_with(std::current_exception());
          return;
        }
        std::lock_guard lk(m);
        done.emplace(ch->seq, std::move(ch));
        cv_done.notify_all();
      }
    });

  // The writer: this thread.
  try {
    while (true) {
      std::vector<std::unique_ptr<Chunk>> ready;
      {
        std::unique_lock lk(m);
        cv_done.wait(lk, [&] {
          return aborted || done.count(written_seq + ready.size()) || (reader_done && written_seq == next_seq);
        });
        if (aborted) break;
        // Everything ready in order, up to ~1024 lines: one write, one audit transaction.
        std::size_t lines = 0;
        for (auto it = done.find(written_seq); it != done.end() && it->first == written_seq + ready.size() && lines < 1024;
             it = done.find(written_seq + ready.size())) {
          lines += it->second->out.size();
          ready.push_back(std::move(it->second));
          done.erase(it);
        }
        if (ready.empty()) break;  // reader done and everything written
      }
      const std::uint64_t offset = ready.back()->end_offset;
      write(ready, offset);
      std::lock_guard lk(m);
      written_seq += ready.size();
      cv_space.notify_all();
    }
  } catch (...) {
    abort_with(std::current_exception());
  }
  reader_thread.join();
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace shebao::batch::detail
