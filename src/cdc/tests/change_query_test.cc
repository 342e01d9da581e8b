#include <gtest/gtest.h>

#include "cdc/change_reader.h"

namespace db2kafka::cdc {
namespace {

TEST(ChangeQuery, BoundsOrderLimitAndFilterFlag) {
  EXPECT_EQ(ChangeQuery("ASN", "CDC_APP_T", {"ID", "Na\"me"}, "ID > 3", true, 101),
            "SELECT \"IBMSNAP_COMMITSEQ\", \"IBMSNAP_INTENTSEQ\", \"IBMSNAP_OPERATION\", "
            "CASE WHEN (ID > 3) THEN 1 ELSE 0 END, \"ID\", \"Na\"\"me\" FROM \"ASN\".\"CDC_APP_T\" "
            "WHERE \"IBMSNAP_COMMITSEQ\" > ? AND \"IBMSNAP_COMMITSEQ\" <= ? ORDER BY "
            "\"IBMSNAP_COMMITSEQ\", \"IBMSNAP_INTENTSEQ\" FETCH FIRST 101 ROWS ONLY");
  EXPECT_EQ(ChangeQuery("ASN", "T", {"ID"}, "", false, 0),
            "SELECT \"IBMSNAP_COMMITSEQ\", \"IBMSNAP_INTENTSEQ\", \"IBMSNAP_OPERATION\", 1, "
            "\"ID\" FROM \"ASN\".\"T\" WHERE \"IBMSNAP_COMMITSEQ\" <= ? ORDER BY "
            "\"IBMSNAP_COMMITSEQ\", \"IBMSNAP_INTENTSEQ\"");
}

TEST(ChangeQuery, WholeTransaction) {
  EXPECT_EQ(TransactionQuery("ASNCDC", "T", {"ID"}, ""),
            "SELECT \"IBMSNAP_COMMITSEQ\", \"IBMSNAP_INTENTSEQ\", \"IBMSNAP_OPERATION\", 1, "
            "\"ID\" FROM \"ASNCDC\".\"T\" WHERE \"IBMSNAP_COMMITSEQ\" = ? ORDER BY "
            "\"IBMSNAP_INTENTSEQ\"");
}

}  // namespace
}  // namespace db2kafka::cdc
