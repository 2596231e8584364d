import type { TaskRunner } from "../../lib/executions/tasks/types";
import { CSV_TO_ION, EXCEL_TO_ION, ION_TO_CSV, ION_TO_EXCEL, ION_TO_JSON, JSON_TO_ION } from "./catalogue";
import { csvToIon, ionToCsv } from "./csv";
import { excelToIon, ionToExcel } from "./excel";
import { ionToJson, jsonToIon } from "./json";

export const SERDES_RUNNERS: Readonly<Record<string, TaskRunner>> = {
  [CSV_TO_ION]: csvToIon,
  [ION_TO_CSV]: ionToCsv,
  [JSON_TO_ION]: jsonToIon,
  [ION_TO_JSON]: ionToJson,
  [EXCEL_TO_ION]: excelToIon,
  [ION_TO_EXCEL]: ionToExcel,
};
