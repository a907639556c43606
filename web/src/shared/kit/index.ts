export { ErrorMessage, ErrorSummary, errorFor, focusField, type FormError } from './ErrorSummary';
export {
  Checkbox,
  CheckboxGroup,
  FieldFrame,
  RadioGroup,
  Select,
  TextArea,
  TextField,
  describedBy,
  type Choice,
} from './fields';
export { LiveRegion, Notice } from './Notice';
export { CarriedNotice, type CarriedNoticeState } from './CarriedNotice';
export { PageHeading, ProductName } from './PageHeading';
export { minimumPasswordLength, NewPasswordFields, newPasswordProblems, passwordHint } from './password';
export { ShowMoreButton } from './ShowMoreButton';
export { PageErrorBoundary } from './PageErrorBoundary';
