// Package ui is Backprop Lab's page. Run wires its parts together:
//
//	ui/model   the page's state and the only code that changes it
//	ui/markup  the views: pure writers from the model to markup and pixels
//	ui/i18n    the words, in English and Korean
//	ui/dom     the browser: the writer of every view, the scheduler, the
//	           drawing pad, the trainer connection
//	ui/page    the Vugu components
//
// The rules that keep the page easy to change:
//
//  1. Every element has exactly one writer. Vugu owns structure and the
//     text that changes only with structure, status or language. Every value
//     that changes while training or drawing is a view of markup.Views; its
//     element is an empty host in a template (data-view="ID"), with no
//     binding and no children.
//  2. A view is one registry entry: an ID, the model.Changed bits it
//     follows, and a pure function from the model to text, markup or
//     pixels. Adding a view is adding one entry, its function and its host.
//  3. Only the model changes state: the trainer's messages through
//     model.Apply, the user's events through model.Do. Only the scheduler's
//     loop and event handlers take Vugu's environment lock.
//  4. Types over strings: stages are stepper.Stage, the status is
//     wire.Status, messages are i18n.Message (an ID and its arguments),
//     the trainer's failures are wire.Code values with arguments.
//  5. Constants have one home: the pixel count is digit.Pixels, the limits
//     of the settings are wire's one table, shared by the form, the address,
//     the weights file and the trainer.
//  6. Comments say why in a clause; measurements belong in bench/ results
//     and commit messages.
package ui
