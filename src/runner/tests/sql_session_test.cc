#include "runner/sql_session.h"

#include <gtest/gtest.h>

#include "config/task_config_loader.h"
#include "runner/source_options.h"

namespace db2kafka::runner {
namespace {

TEST(IsQuery, RecognizesStatementsThatReturnRows) {
  EXPECT_TRUE(IsQuery("SELECT 1 FROM T"));
  EXPECT_TRUE(IsQuery("  values 1"));
  EXPECT_TRUE(IsQuery("(select * from t)"));
  EXPECT_TRUE(IsQuery("WITH x AS (SELECT 1) SELECT * FROM x"));
  EXPECT_FALSE(IsQuery("INSERT INTO T VALUES (1)"));
  EXPECT_FALSE(IsQuery("selectx"));
  EXPECT_FALSE(IsQuery(""));
}

TEST(SourceOptions, MapsTheSourceSection) {
  auto task = config::ParseTaskConfig(
      "name: t\nsource:\n  host: db2.example\n  port: 50001\n  database: SAMPLE\n  user: u\n"
      "  password: p\n  security_mechanism: encrypted_userid_password\n  connect_timeout_ms: 1500\n"
      "  tls: {enabled: true}\ndestination: {topic: t}\n",
      config::ProcessEnvironment());
  ASSERT_TRUE(task) << task.error()[0].ToString("task");
  const drda::ConnectOptions options = ConnectOptionsFor(task->source);
  EXPECT_EQ(options.transport.host, "db2.example");
  EXPECT_EQ(options.transport.port, 50001);
  EXPECT_TRUE(options.transport.tls);
  EXPECT_EQ(options.transport.connect_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(options.database, "SAMPLE");
  EXPECT_EQ(options.security, drda::SecurityPreference::kEncryptedUserIdPassword);
}

}  // namespace
}  // namespace db2kafka::runner
