// The form fields of event pages are the platform's.
export { CheckboxField, SelectField, TextareaField } from '../../../platform/views/components.js'
