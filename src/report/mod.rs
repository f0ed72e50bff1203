//! Writers: the consolidated workbook and JSON. They present; they never decide.
