#include "runner/record_writer.h"

#include "base/status_macros.h"

namespace db2kafka::runner {

base::Result<std::unique_ptr<RecordWriter>> RecordWriter::Create(
    const kafka::ProducerOptions& options) {
  std::unique_ptr<RecordWriter> writer(new RecordWriter());
  RecordWriter* self = writer.get();
  // Reports arrive on this thread (from Poll, Flush or a blocking Send), never concurrently.
  DB2KAFKA_ASSIGN_OR_RETURN(
      writer->producer_,
      kafka::Producer::Create(options, [self](const kafka::DeliveryReport& report) {
        GroupState& group = self->groups_[report.token];
        if (report.error) {
          ++group.failed;
          if (!group.first_error) group.first_error = *report.error;
        } else {
          ++group.acknowledged;
        }
      }));
  return writer;
}

base::Status RecordWriter::Send(std::string_view topic, int32_t partition, std::string_view key,
                                const std::optional<std::string>& value, uint64_t group) {
  kafka::Record record{.topic = topic, .partition = partition, .key = key, .token = group};
  // std::string's data() is never null, so an empty value stays an empty value, not a tombstone.
  if (value) record.value = *value;
  ++groups_[group].sent;
  base::Status status = producer_->Produce(record);
  if (!status) --groups_[group].sent;
  return status;
}

void RecordWriter::Poll(std::chrono::milliseconds timeout) { producer_->Poll(timeout); }

base::Status RecordWriter::Flush(std::chrono::milliseconds timeout) {
  return producer_->Flush(timeout);
}

RecordWriter::GroupState RecordWriter::Group(uint64_t group) const {
  const auto found = groups_.find(group);
  return found == groups_.end() ? GroupState{} : found->second;
}

}  // namespace db2kafka::runner
